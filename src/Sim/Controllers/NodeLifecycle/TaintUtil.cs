using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>pkg/util/taints (taints.go) and core/v1 Taint.MatchTaint: taint set arithmetic on key:effect.</summary>
public static class TaintUtil
{
    /// <summary>Taint.MatchTaint: taints are unique by key:effect.</summary>
    public static bool MatchTaint(Taint a, Taint b) => a.Key == b.Key && a.Effect == b.Effect;

    /// <summary>taints.go TaintExists: some taint in <paramref name="taints"/> matches <paramref name="taintToFind"/> by key:effect.</summary>
    public static bool TaintExists(IReadOnlyList<Taint> taints, Taint taintToFind)
    {
        foreach (var t in taints)
        {
            if (MatchTaint(t, taintToFind))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>apiequality.Semantic.DeepEqual on two taints: key, value, effect and timeAdded ("" and null values are equal).</summary>
    public static bool SemanticEqual(Taint a, Taint b) =>
        a.Key == b.Key && (a.Value ?? "") == (b.Value ?? "") && a.Effect == b.Effect && a.TimeAdded == b.TimeAdded;

    /// <summary>Element-wise <see cref="SemanticEqual"/> of two taint lists.</summary>
    public static bool SemanticEqual(IReadOnlyList<Taint> a, IReadOnlyList<Taint> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!SemanticEqual(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// taints.go AddOrUpdateTaint: the node's taints with <paramref name="taint"/> added, or replacing the
    /// one with the same key:effect; updated is false when an identical taint is already there.
    /// </summary>
    public static (List<Taint> Taints, bool Updated) AddOrUpdateTaint(IReadOnlyList<Taint> nodeTaints, Taint taint)
    {
        var newTaints = new List<Taint>();
        bool updated = false;
        foreach (var t in nodeTaints)
        {
            if (MatchTaint(taint, t))
            {
                if (SemanticEqual(taint, t))
                {
                    return (nodeTaints.ToList(), false);
                }

                newTaints.Add(taint);
                updated = true;
                continue;
            }

            newTaints.Add(t);
        }

        if (!updated)
        {
            newTaints.Add(taint);
        }

        return (newTaints, true);
    }

    /// <summary>taints.go RemoveTaint / DeleteTaint: the taints without any matching <paramref name="taint"/> by key:effect.</summary>
    public static (List<Taint> Taints, bool Removed) RemoveTaint(IReadOnlyList<Taint> nodeTaints, Taint taint)
    {
        if (nodeTaints.Count == 0 || !TaintExists(nodeTaints, taint))
        {
            return (nodeTaints.ToList(), false);
        }

        return (nodeTaints.Where(t => !MatchTaint(taint, t)).ToList(), true);
    }

    /// <summary>taints.go TaintSetDiff: taints of <paramref name="taintsNew"/> missing from <paramref name="taintsOld"/> and the reverse, by key:effect.</summary>
    public static (List<Taint> ToAdd, List<Taint> ToRemove) TaintSetDiff(IReadOnlyList<Taint> taintsNew, IReadOnlyList<Taint> taintsOld)
    {
        var toAdd = taintsNew.Where(t => !TaintExists(taintsOld, t)).ToList();
        var toRemove = taintsOld.Where(t => !TaintExists(taintsNew, t)).ToList();
        return (toAdd, toRemove);
    }
}
