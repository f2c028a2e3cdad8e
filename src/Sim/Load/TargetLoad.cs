namespace ClusterSim.Sim.Load;

/// <summary>
/// The traffic of one load target: its current offered and served rates (constant between load steps),
/// the requests offered and served so far (the rates integrated over virtual time), and its worst moment.
/// </summary>
public sealed class TargetLoad(LoadTargetRef target)
{
    private double _offeredRequests;
    private double _servedRequests;
    private long _sinceTicks;

    public LoadTargetRef Target { get; } = target;

    /// <summary>Requests per second offered since the last step.</summary>
    public double OfferedRps { get; private set; }

    /// <summary>Requests per second the endpoints' CPU serves since the last step.</summary>
    public double ServedRps { get; private set; }

    /// <summary>Offered minus served.</summary>
    public double UnservedRps => Math.Max(0, OfferedRps - ServedRps);

    /// <summary>Number of endpoints the load was split over at the last step.</summary>
    public int Endpoints { get; private set; }

    /// <summary>The largest <see cref="UnservedRps"/> seen at a step (0 when all was always served).</summary>
    public double PeakUnservedRps { get; private set; }

    /// <summary>The first step at which <see cref="PeakUnservedRps"/> was reached; null when nothing was ever unserved.</summary>
    public TimeSpan? PeakUnservedAt { get; private set; }

    /// <summary>Requests offered from the start up to <paramref name="now"/>.</summary>
    public double OfferedRequestsUntil(TimeSpan now) => _offeredRequests + (OfferedRps * Seconds(now));

    /// <summary>Requests served from the start up to <paramref name="now"/>.</summary>
    public double ServedRequestsUntil(TimeSpan now) => _servedRequests + (ServedRps * Seconds(now));

    /// <summary>Closes the interval since the previous step and starts a new one at <paramref name="now"/> with new rates.</summary>
    internal void Set(TimeSpan now, double offered, double served, int endpoints)
    {
        _offeredRequests = OfferedRequestsUntil(now);
        _servedRequests = ServedRequestsUntil(now);
        _sinceTicks = now.Ticks;
        OfferedRps = offered;
        ServedRps = Math.Min(served, offered);
        Endpoints = endpoints;
        if (UnservedRps > PeakUnservedRps)
        {
            PeakUnservedRps = UnservedRps;
            PeakUnservedAt = now;
        }
    }

    private double Seconds(TimeSpan now) => Math.Max(0, now.Ticks - _sinceTicks) / (double)TimeSpan.TicksPerSecond;
}
