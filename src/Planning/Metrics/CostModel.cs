using System.Globalization;
using System.Text;
using ClusterSim.Scenarios.Model;

namespace ClusterSim.Planning.Metrics;

/// <summary>
/// What a node costs per hour, for the cost metric: a price per node-hour for named pools (<see cref="PoolPrices"/>,
/// keys compared ordinally), else a price from the node's capacity (<see cref="PerCpuHour"/> per core and
/// <see cref="PerGiBHour"/> per GiB of memory, either may be left out and then counts 0), else 1 per node-hour.
/// Prices are in <see cref="Unit"/> (a currency, or "node-hours" for <see cref="NodeHours"/>). Looking a price up costs
/// a dictionary lookup and, on a hit, a pass over the priced pools' names.
/// </summary>
public sealed record CostModel(string Unit, IReadOnlyDictionary<string, double> PoolPrices, double? PerCpuHour, double? PerGiBHour)
{
    private const double BytesPerGiB = 1024.0 * 1024 * 1024;

    /// <summary>No prices: every node costs 1 per hour, so the cost of a run is its node-hours.</summary>
    public static CostModel NodeHours { get; } = new("node-hours", new Dictionary<string, double>(StringComparer.Ordinal), null, null);

    /// <summary>
    /// The price of one of <paramref name="pool"/>'s nodes for an hour: the pool's entry in <see cref="PoolPrices"/>
    /// (by its name, ordinal), else cores × <see cref="PerCpuHour"/> + GiB of memory (bytes / 2^30) × <see cref="PerGiBHour"/>
    /// from the pool's capacity when either rate is set, else 1.
    /// </summary>
    public double PricePerHour(NodePoolSpec pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (TryPoolPrice(pool.Name, out var price))
        {
            return price;
        }

        if (PerCpuHour is null && PerGiBHour is null)
        {
            return 1;
        }

        double cores = pool.Cpu.MilliValue() / 1000.0;
        double gib = pool.Memory.Value() / BytesPerGiB;
        return (cores * (PerCpuHour ?? 0)) + (gib * (PerGiBHour ?? 0));
    }

    /// <summary>One line for the report, e.g. "cost in USD: pool big 0.5 and pool small 0.2 per node-hour; other nodes 0.04 per CPU-hour + 0.005 per GiB-hour". Pools are listed by name (ordinal).</summary>
    /// <param name="scenarioPools">The scenario's pools, when known: with every one priced, the rule for other nodes is left out.</param>
    public string Describe(IEnumerable<string>? scenarioPools = null)
    {
        var text = new StringBuilder("cost in ").Append(Unit).Append(": ");
        var pools = PoolPrices.Keys.Order(StringComparer.Ordinal).ToList();
        if (pools.Count > 0)
        {
            for (int i = 0; i < pools.Count; i++)
            {
                text.Append(i == 0 ? "" : i == pools.Count - 1 ? " and " : ", ")
                    .Append("pool ").Append(pools[i]).Append(' ').Append(Number(PoolPrices[pools[i]]));
            }

            if (scenarioPools is not null && PerCpuHour is null && PerGiBHour is null && scenarioPools.All(PoolPrices.ContainsKey))
            {
                return text.Append(" per node-hour").ToString();
            }

            text.Append(" per node-hour; other nodes ");
        }
        else
        {
            text.Append("every node ");
        }

        if (PerCpuHour is null && PerGiBHour is null)
        {
            text.Append("1 per node-hour");
        }
        else
        {
            text.Append(Number(PerCpuHour ?? 0)).Append(" per CPU-hour + ").Append(Number(PerGiBHour ?? 0)).Append(" per GiB-hour of capacity");
        }

        return text.ToString();
    }

    // PoolPrices may come from a dictionary with any comparer: an ordinal match is looked up directly, then confirmed,
    // so that a case-insensitive dictionary cannot price "Big" as "big".
    private bool TryPoolPrice(string name, out double price)
    {
        if (PoolPrices.TryGetValue(name, out price))
        {
            foreach (var key in PoolPrices.Keys)
            {
                if (string.Equals(key, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        price = 0;
        return false;
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
