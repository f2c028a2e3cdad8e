namespace ClusterSim.Sim.Kubelet;

/// <summary>
/// The phases of a cluster's heartbeat loops of one period (nodeStatusUpdateFrequency), shared by its kubelets
/// (fast paths). A kubelet's status loop may sleep through its no-op ticks only while no other loop of that
/// period ticks at the same instants: such a loop's event one period before a due tick could run, in the
/// literal run, between the sleeping loop's pre-tick and where its literal tick would be, and so order its
/// next event differently against the due tick (see Kubelet.Heartbeat.cs). Phases are drawn per kubelet in
/// 100 ns ticks, so this is an exact coincidence of two draws; when it happens, both loops tick literally.
/// </summary>
public sealed class HeartbeatGrids
{
    private readonly Dictionary<long, List<Kubelet>> _byPhase = [];

    /// <summary>
    /// Registers the loops of <paramref name="kubelet"/> with period <paramref name="period"/> at their phases
    /// (first tick modulo the period) and switches to literal ticking the status loop of every kubelet with a
    /// loop at a phase some other loop has too, this kubelet's included. Called before the kubelet schedules
    /// its loops, so that a loop switched now takes its next tick before the new loops' first events.
    /// </summary>
    internal void Register(Kubelet kubelet, long period, long statusFirstTick, long? leaseFirstTick)
    {
        var atStatus = Add(Phase(statusFirstTick, period), kubelet);
        var atLease = leaseFirstTick is { } lease ? Add(Phase(lease, period), kubelet) : null;
        Collide(atStatus);
        if (atLease is not null)
        {
            Collide(atLease);
        }
    }

    private static long Phase(long firstTick, long period) => ((firstTick % period) + period) % period;

    private List<Kubelet> Add(long phase, Kubelet kubelet)
    {
        if (!_byPhase.TryGetValue(phase, out var list))
        {
            _byPhase[phase] = list = [];
        }

        list.Add(kubelet);
        return list;
    }

    private static void Collide(List<Kubelet> atPhase)
    {
        if (atPhase.Count < 2)
        {
            return;
        }

        foreach (var k in atPhase)
        {
            k.TickStatusLiterally();
        }
    }
}
