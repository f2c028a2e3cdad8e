namespace ClusterSim.Sim.Api;

/// <summary>Kubernetes' intstr.IntOrString: a port number or name, a count or a percentage.</summary>
public readonly record struct IntOrString(int IntValue, string? StringValue)
{
    /// <summary>True when this holds a string (a port name or a percentage like "25%").</summary>
    public bool IsString => StringValue is not null;

    public static IntOrString FromInt(int value) => new(value, null);

    public static IntOrString FromString(string value) => new(0, value);

    public override string ToString() => StringValue ?? IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
