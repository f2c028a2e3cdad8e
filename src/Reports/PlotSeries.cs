namespace ClusterSim.Reports;

/// <summary>
/// One line of a plot: (time, value) points in time order, in memory bounded whatever the run's length. Up to
/// <see cref="MaxPoints"/> points are kept as given, so the plots of every example scenario (at most 1,441 samples a
/// line, diurnal.yaml) are drawn from exactly the points they always were. Past that the run's time [0, end] is cut
/// into <see cref="MaxPoints"/> / 2 equal buckets, each keeping its first lowest and first highest point, in time
/// order: a line through them draws the same envelope as every point would at the plots' width (1,200 px, about a
/// thousand for the data), where more points than pixels only overdraw.
/// </summary>
public sealed class PlotSeries
{
    /// <summary>The most points kept as given; beyond it, two per bucket.</summary>
    public const int MaxPoints = 4000;

    private const int Buckets = MaxPoints / 2;

    private readonly long _endTicks;
    private List<(long T, double V)>? _points = [];
    private Bucket[]? _buckets;

    /// <param name="end">The run's end: the bucketed form spreads [0, end] over its buckets.</param>
    public PlotSeries(TimeSpan end) => _endTicks = Math.Max(end.Ticks, 0);

    /// <summary>True until the first point.</summary>
    public bool IsEmpty { get; private set; } = true;

    /// <summary>True once there were more than <see cref="MaxPoints"/> points and the series keeps each bucket's extremes instead.</summary>
    public bool Bucketed => _buckets is not null;

    /// <summary>Adds a point; times must not decrease.</summary>
    public void Add(long ticks, double value)
    {
        IsEmpty = false;
        if (_points is not null)
        {
            _points.Add((ticks, value));
            if (_points.Count <= MaxPoints)
            {
                return;
            }

            _buckets = new Bucket[Buckets];
            foreach (var (t, v) in _points)
            {
                AddToBucket(t, v);
            }

            _points = null;
            return;
        }

        AddToBucket(ticks, value);
    }

    /// <summary>The points to draw, times in minutes of virtual time.</summary>
    public (double[] Xs, double[] Ys) Minutes()
    {
        var xs = new List<double>();
        var ys = new List<double>();
        void Emit(long t, double v)
        {
            xs.Add(new TimeSpan(t).TotalMinutes);
            ys.Add(v);
        }

        if (_points is not null)
        {
            foreach (var (t, v) in _points)
            {
                Emit(t, v);
            }
        }
        else
        {
            foreach (var b in _buckets!)
            {
                if (!b.Used)
                {
                    continue;
                }

                if (b.MinT == b.MaxT)
                {
                    Emit(b.MinT, b.MinV);
                }
                else if (b.MinT < b.MaxT)
                {
                    Emit(b.MinT, b.MinV);
                    Emit(b.MaxT, b.MaxV);
                }
                else
                {
                    Emit(b.MaxT, b.MaxV);
                    Emit(b.MinT, b.MinV);
                }
            }
        }

        return (xs.ToArray(), ys.ToArray());
    }

    private void AddToBucket(long t, double v)
    {
        // Whole-tick arithmetic: t * Buckets stays far inside a long for any run shorter than a century.
        long index = Math.Clamp(t, 0, _endTicks) * Buckets / (_endTicks + 1);
        ref var b = ref _buckets![index];
        if (!b.Used)
        {
            b = new Bucket { Used = true, MinT = t, MinV = v, MaxT = t, MaxV = v };
            return;
        }

        if (v < b.MinV)
        {
            b.MinT = t;
            b.MinV = v;
        }

        if (v > b.MaxV)
        {
            b.MaxT = t;
            b.MaxV = v;
        }
    }

    private struct Bucket
    {
        public bool Used;
        public long MinT;
        public double MinV;
        public long MaxT;
        public double MaxV;
    }
}
