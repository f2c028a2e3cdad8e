namespace ClusterSim.Scenarios.Model;

/// <summary>When an expectation is checked.</summary>
public enum ExpectationMode
{
    /// <summary>`at: T`: at time T (after the events at T).</summary>
    At,

    /// <summary>`during: [A, B]`: at every event inside [A, B].</summary>
    During,

    /// <summary>`by: T` (with `after: A`, default 0s): at some time in [A, T].</summary>
    By,

    /// <summary>`always: true`: over the whole run (from `after:` if given).</summary>
    Always,
}
