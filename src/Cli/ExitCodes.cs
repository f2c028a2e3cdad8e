namespace ClusterSim.Cli;

/// <summary>Exit codes of the contract.</summary>
public static class ExitCodes
{
    /// <summary>Every expectation held (or validation passed).</summary>
    public const int Ok = 0;

    /// <summary>The run completed and at least one expectation failed.</summary>
    public const int ExpectationFailed = 1;

    /// <summary>Bad input or usage; nothing was simulated.</summary>
    public const int BadInput = 2;

    /// <summary>A bug in clustersim (never a user error).</summary>
    public const int InternalError = 70;
}
