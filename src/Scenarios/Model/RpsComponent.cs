namespace ClusterSim.Scenarios.Model;

/// <summary>
/// One term of a load's request rate (`rps:` list); the terms add up and the sum is clamped at zero
/// (<see cref="LoadSpec.BaseRpsAt"/>). Each term knows its value at a virtual time.
/// </summary>
public abstract record RpsComponent(SourceLocation Location)
{
    /// <summary>This term's contribution at <paramref name="t"/>.</summary>
    public abstract double ValueAt(TimeSpan t);
}

/// <summary>`constant: 50`.</summary>
public sealed record ConstantRps(double Rps, SourceLocation Location) : RpsComponent(Location)
{
    public override double ValueAt(TimeSpan t) => Rps;
}

/// <summary>`ramp: {from, to, start, end}`: 0 before start, linear from..to between, holds `to` after end.</summary>
public sealed record RampRps(double From, double To, TimeSpan Start, TimeSpan End, SourceLocation Location) : RpsComponent(Location)
{
    public override double ValueAt(TimeSpan t)
    {
        if (t < Start)
        {
            return 0;
        }

        if (t >= End)
        {
            return To;
        }

        return From + ((To - From) * (t - Start).Ticks / (End - Start).Ticks);
    }
}

/// <summary>One step of a <see cref="StepsRps"/>.</summary>
public sealed record RpsStep(TimeSpan At, double Rps);

/// <summary>`steps: [{at, rps}]`: each step adds its rps from its time on.</summary>
public sealed record StepsRps(IReadOnlyList<RpsStep> Steps, SourceLocation Location) : RpsComponent(Location)
{
    public override double ValueAt(TimeSpan t) => Steps.Where(s => s.At <= t).Sum(s => s.Rps);
}

/// <summary>`sine: {amplitude, period, phase}`: amplitude x sin(2 pi (t + phase) / period).</summary>
public sealed record SineRps(double Amplitude, TimeSpan Period, TimeSpan Phase, SourceLocation Location) : RpsComponent(Location)
{
    public override double ValueAt(TimeSpan t) => Amplitude * Math.Sin(2 * Math.PI * (t + Phase).Ticks / Period.Ticks);
}

/// <summary>`spike: {at, rps, for}`: adds rps during [at, at + for).</summary>
public sealed record SpikeRps(TimeSpan At, double Rps, TimeSpan For, SourceLocation Location) : RpsComponent(Location)
{
    public override double ValueAt(TimeSpan t) => t >= At && t < At + For ? Rps : 0;
}

/// <summary>One row of a <see cref="CsvRps"/> trace.</summary>
public sealed record CsvPoint(TimeSpan Time, double Rps);

/// <summary>
/// `csv: FILE` with columns time_s,rps: linear between rows, the first row's value before it and the last
/// row's after it.
/// </summary>
public sealed record CsvRps(string Path, IReadOnlyList<CsvPoint> Points, SourceLocation Location) : RpsComponent(Location)
{
    public override double ValueAt(TimeSpan t)
    {
        if (Points.Count == 0)
        {
            return 0;
        }

        if (t <= Points[0].Time)
        {
            return Points[0].Rps;
        }

        for (int i = 1; i < Points.Count; i++)
        {
            var b = Points[i];
            if (t <= b.Time)
            {
                var a = Points[i - 1];
                return a.Rps + ((b.Rps - a.Rps) * (t - a.Time).Ticks / (b.Time - a.Time).Ticks);
            }
        }

        return Points[^1].Rps;
    }
}
