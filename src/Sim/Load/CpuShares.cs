namespace ClusterSim.Sim.Load;

/// <summary>
/// How the Linux CFS scheduler divides a node's CPU among containers that want more than there is: in
/// proportion to their cpu.shares, which the kubelet sets from CPU requests (MilliCPUToShares: 1024 shares
/// per core, at least 2 shares, so a container without a request weighs as much as one asking 2m).
/// Water-filling: a container wanting less than its proportional share keeps what it wants, and what it
/// leaves is redistributed among the others by weight, until every remaining container wants more than
/// its share and gets exactly its share.
/// </summary>
public static class CpuShares
{
    /// <summary>The smallest weight, in millicores: cpu.shares' minimum of 2 is 2/1024 of a core.</summary>
    public const double MinWeightMilli = 2.0 * 1000 / 1024;

    /// <summary>The weight of a container requesting <paramref name="requestMilli"/> (cpu.shares as millicores).</summary>
    public static double WeightOf(long requestMilli) => Math.Max(MinWeightMilli, requestMilli * 1.0);

    /// <summary>
    /// Divides <paramref name="capacityMilli"/> among containers that want <paramref name="demandMilli"/>
    /// (already capped by their limits) with weights <paramref name="weights"/>. Returns each container's
    /// allocation, never more than its demand. The result does not depend on the order of the containers
    /// beyond floating-point rounding of sums, which is fixed for a fixed order.
    /// </summary>
    public static double[] Allocate(double capacityMilli, IReadOnlyList<double> demandMilli, IReadOnlyList<double> weights)
    {
        int n = demandMilli.Count;
        if (weights.Count != n)
        {
            throw new ArgumentException("one weight per demand", nameof(weights));
        }

        var result = new double[n];
        var open = new List<int>(n);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            if (demandMilli[i] > 0)
            {
                open.Add(i);
                total += demandMilli[i];
            }
        }

        if (total <= capacityMilli)
        {
            // Enough for everyone: the common case, and exact.
            foreach (int i in open)
            {
                result[i] = demandMilli[i];
            }

            return result;
        }

        double remaining = Math.Max(0, capacityMilli);
        while (open.Count > 0)
        {
            double weightSum = 0;
            foreach (int i in open)
            {
                weightSum += weights[i];
            }

            var settled = new List<int>();
            foreach (int i in open)
            {
                if (demandMilli[i] <= remaining * weights[i] / weightSum)
                {
                    settled.Add(i);
                }
            }

            if (settled.Count == 0)
            {
                foreach (int i in open)
                {
                    result[i] = remaining * weights[i] / weightSum;
                }

                return result;
            }

            // The satisfied keep what they want; what they leave is shared again among the rest.
            foreach (int i in settled)
            {
                result[i] = demandMilli[i];
                remaining = Math.Max(0, remaining - demandMilli[i]);
                open.Remove(i);
            }
        }

        return result;
    }
}
