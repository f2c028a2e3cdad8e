namespace ClusterSim.Sim.Api;

// Placeholder replaced by the full Kubernetes-exact implementation on merge.
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    private readonly long _milli;
    private Quantity(long milli) => _milli = milli;
    public static Quantity Parse(string s) => new((long)(decimal.Parse(s.TrimEnd('m', 'i', 'G', 'M', 'K'), System.Globalization.CultureInfo.InvariantCulture) * 1000));
    public static Quantity FromMilli(long milli) => new(milli);
    public long MilliValue() => _milli;
    public long Value() => (_milli + 999) / 1000;
    public bool Equals(Quantity other) => _milli == other._milli;
    public override bool Equals(object? obj) => obj is Quantity q && Equals(q);
    public override int GetHashCode() => _milli.GetHashCode();
    public int CompareTo(Quantity other) => _milli.CompareTo(other._milli);
    public override string ToString() => _milli.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m";
}
