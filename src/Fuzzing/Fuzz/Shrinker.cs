namespace ClusterSim.Scenarios.Fuzz;

/// <summary>
/// Makes a failing schedule small and readable: first the fewest faults (drop each fault, and each fault with
/// its recovery, while the run still fails), then the earliest times (binary search of each fault's time
/// towards 0, or towards just after the fault it undoes), then, for each fault that undoes another, whether
/// the failure needs it at all. The three passes repeat until a whole round changes nothing, because each pass
/// can open the way for another: a fault that was needed at its drawn time may be removable once another was
/// moved earlier, and a dropped recovery can let a time move further. Greedy and deterministic: the same
/// failing schedule always shrinks to the same result. Only schedules the loader accepts are tried.
/// </summary>
public sealed class Shrinker
{
    private readonly Func<IReadOnlyList<FuzzFault>, bool> _fails;
    private readonly Func<IReadOnlyList<FuzzFault>, bool> _valid;

    /// <param name="fails">Runs a schedule; true when an expectation fails.</param>
    /// <param name="valid">True when the schedule is one the scenario loader accepts.</param>
    public Shrinker(Func<IReadOnlyList<FuzzFault>, bool> fails, Func<IReadOnlyList<FuzzFault>, bool> valid)
    {
        _fails = fails;
        _valid = valid;
    }

    /// <summary>Schedules run while shrinking.</summary>
    public int Runs { get; private set; }

    /// <summary>Rounds of all three passes run by the last <see cref="Shrink"/>, the last of which changed nothing.</summary>
    public int Rounds { get; private set; }

    /// <summary>
    /// The smallest failing schedule reachable from <paramref name="failing"/> (which must fail), in time order:
    /// a fixpoint, where no single pass finds anything to drop or move earlier.
    /// </summary>
    public IReadOnlyList<FuzzFault> Shrink(IReadOnlyList<FuzzFault> failing)
    {
        var current = FuzzScenario.Ordered(failing).ToList();
        Rounds = 0;
        while (true)
        {
            Rounds++;
            var before = current;
            current = FewerFaults(current);
            current = EarlierTimes(current);
            current = WithoutRecoveries(current);
            // Every accepted step drops a fault or moves one strictly earlier, so equal lists mean no step was
            // taken, and the loop ends: the count and the sum of the times only go down.
            if (current.SequenceEqual(before))
            {
                return current;
            }
        }
    }

    private bool StillFails(List<FuzzFault> candidate)
    {
        if (!_valid(candidate))
        {
            return false;
        }

        Runs++;
        return _fails(candidate);
    }

    private List<FuzzFault> FewerFaults(List<FuzzFault> current)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 0; i < current.Count && !changed; i++)
            {
                // A fault with its recovery first: dropping only the crash would leave a recovery of a node that never failed.
                var pair = RecoveryIndex(current, i) is { } r ? current.Where((_, k) => k != i && k != r).ToList() : null;
                if (pair is not null && StillFails(pair))
                {
                    current = pair;
                    changed = true;
                    continue;
                }

                var single = current.Where((_, k) => k != i).ToList();
                if (StillFails(single))
                {
                    current = single;
                    changed = true;
                }
            }
        }

        return current;
    }

    private List<FuzzFault> EarlierTimes(List<FuzzFault> current)
    {
        // Each fault once, in time order; a moved fault is a new instance, remembered so it is not moved again.
        var done = new HashSet<FuzzFault>(ReferenceEqualityComparer.Instance);
        for (int i = current.FindIndex(f => !done.Contains(f)); i >= 0; i = current.FindIndex(f => !done.Contains(f)))
        {
            var fault = current[i];
            long hi = (long)fault.At.TotalSeconds;
            long lo = StartIndex(current, i) is { } s ? (long)current[s].At.TotalSeconds + 1 : 0;
            // Invariant: the fault at `hi` fails. Find the earliest second in [lo, hi] that still fails.
            while (lo < hi)
            {
                long mid = lo + ((hi - lo) / 2);
                if (StillFails(Replace(current, i, fault with { At = TimeSpan.FromSeconds(mid) })))
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            if (hi == (long)fault.At.TotalSeconds)
            {
                done.Add(fault);
                continue;
            }

            // Exactly the candidate that was run and failed at `hi`.
            var moved = fault with { At = TimeSpan.FromSeconds(hi) };
            current = Replace(current, i, moved);
            done.Add(moved);
        }

        return current;
    }

    private List<FuzzFault> WithoutRecoveries(List<FuzzFault> current)
    {
        for (int i = current.Count - 1; i >= 0; i--)
        {
            if (current[i].IsRecovery)
            {
                var candidate = current.Where((_, k) => k != i).ToList();
                if (StillFails(candidate))
                {
                    current = candidate;
                }
            }
        }

        return current;
    }

    /// <summary>The list with entry <paramref name="i"/> replaced by <paramref name="f"/>, re-sorted by time with <paramref name="f"/> first among equals.</summary>
    private static List<FuzzFault> Replace(List<FuzzFault> list, int i, FuzzFault f)
    {
        var rest = list.Where((_, k) => k != i).ToList();
        int at = rest.FindIndex(x => x.At >= f.At);
        rest.Insert(at < 0 ? rest.Count : at, f);
        return rest;
    }

    /// <summary>The index of the recovery that undoes the fault at <paramref name="i"/> (the next later fault of the matching kind and target).</summary>
    private static int? RecoveryIndex(List<FuzzFault> list, int i)
    {
        if (FuzzFault.RecoveryOf(list[i].Fault.Type) is not { } recovery)
        {
            return null;
        }

        for (int k = i + 1; k < list.Count; k++)
        {
            if (list[k].Fault.Target == list[i].Fault.Target && list[k].Fault.Type == recovery)
            {
                return k;
            }

            if (list[k].Fault.Target == list[i].Fault.Target && list[k].Fault.Type == list[i].Fault.Type)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>For a recovery at <paramref name="i"/>, the index of the fault it undoes.</summary>
    private static int? StartIndex(List<FuzzFault> list, int i)
    {
        for (int k = i - 1; k >= 0; k--)
        {
            if (list[k].Fault.Target == list[i].Fault.Target && FuzzFault.RecoveryOf(list[k].Fault.Type) == list[i].Fault.Type)
            {
                return k;
            }
        }

        return null;
    }
}
