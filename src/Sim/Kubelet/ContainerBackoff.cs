namespace ClusterSim.Sim.Kubelet;

/// <summary>
/// The kubelet's crash-loop back-off for one container (client-go util/flowcontrol Backoff as the kubelet
/// configures it: 10s initial, doubling, 5m cap; an entry untouched for twice the cap, 10 minutes, expires
/// and the back-off starts again from 10s).
/// </summary>
public sealed class ContainerBackoff
{
    /// <summary>kubelet's backOffPeriod.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);

    /// <summary>kubelet's MaxContainerBackOff.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    private TimeSpan? _duration;
    private TimeSpan _lastUpdate;

    /// <summary>The current back-off, or null when there is none.</summary>
    public TimeSpan? Current => _duration;

    /// <summary>flowcontrol.Backoff.IsInBackOffSince: whether a container that finished at <paramref name="finishedAt"/> must still wait at <paramref name="now"/>.</summary>
    public bool IsInBackOffSince(TimeSpan finishedAt, TimeSpan now)
    {
        if (_duration is null || HasExpired(now))
        {
            return false;
        }

        return now - finishedAt < _duration.Value;
    }

    /// <summary>flowcontrol.Backoff.Next: records a restart at <paramref name="now"/>, doubling the back-off up to the cap.</summary>
    public void Next(TimeSpan now)
    {
        if (_duration is null || HasExpired(now))
        {
            _duration = Initial;
        }
        else
        {
            var doubled = _duration.Value * 2;
            _duration = doubled > Max ? Max : doubled;
        }

        _lastUpdate = now;
    }

    private bool HasExpired(TimeSpan now) => now - _lastUpdate > Max * 2;
}
