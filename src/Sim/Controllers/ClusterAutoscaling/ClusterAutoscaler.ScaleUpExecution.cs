using System.Globalization;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// Carrying out scale-ups (executor.go), shared by the scale-up of pending pods and by the scale-up of groups below
/// their min size (--enforce-node-group-min-size), and the --max-nodes-total cap both apply.
/// </summary>
public sealed partial class ClusterAutoscaler
{
    /// <summary>
    /// executor.go executeScaleUp for each group, one after the other: the ScaledUpGroup event before ("setting group")
    /// and after ("size set to") the cloud's IncreaseSize, the scale-up registered with the cluster state
    /// (registerOrUpdateScaleUpNoLock: a further scale-up adds to the request and resets its clock); then the state is
    /// recalculated and the scale-up time kept for the scale-down cooldown.
    /// </summary>
    private void ExecuteScaleUps(IEnumerable<(string Group, int Current, int NewSize, int Max)> scaleUps, TimeSpan now)
    {
        foreach (var (name, current, newSize, max) in scaleUps)
        {
            LogEvent("Normal", "ScaledUpGroup", string.Create(CultureInfo.InvariantCulture, $"Scale-up: setting group {name} size to {newSize} instead of {current} (max: {max})"));
            int delta = newSize - current;
            Cloud.IncreaseSize(name, delta);
            ScaleUps++;
            if (_scaleUpRequests.TryGetValue(name, out var request))
            {
                request.Increase += delta;
                request.Time = now;
            }
            else
            {
                _scaleUpRequests[name] = new ScaleUpRequest { Time = now, Increase = delta };
            }

            LogEvent("Normal", "ScaledUpGroup", string.Create(CultureInfo.InvariantCulture, $"Scale-up: group {name} size set to {newSize} instead of {current} (max: {max})"));
        }

        Recalculate();
        _lastScaleUpTime = now;
    }

    /// <summary>GetCappedNewNodeCount: with --max-nodes-total, the new nodes are capped so that the total stays within it (MaxNodesTotalReached on the status ConfigMap).</summary>
    private int CappedNewNodeCount(int newNodes, int currentNodes)
    {
        if (_config.MaxNodesTotal > 0 && newNodes + currentNodes > _config.MaxNodesTotal)
        {
            LogEvent("Warning", "MaxNodesTotalReached", string.Create(CultureInfo.InvariantCulture, $"Max total nodes in cluster reached: {_config.MaxNodesTotal}"));
            return Math.Max(0, _config.MaxNodesTotal - currentNodes);
        }

        return newNodes;
    }

    /// <summary>
    /// orchestrator.go ScaleUpToNodeGroupMinSize (--enforce-node-group-min-size): every group whose target size is below
    /// its min size, that is healthy and not backed off, is asked for the missing nodes (capped by --max-nodes-total
    /// against its own target, as CA passes it; none left skips the group). True when a group was resized.
    /// </summary>
    private bool ScaleUpToNodeGroupMinSize(TimeSpan now)
    {
        var scaleUps = new List<(string Group, int Current, int NewSize, int Max)>();
        foreach (var spec in Cloud.Groups)
        {
            int target = Cloud.TargetSize(spec.Name);
            if (target >= spec.MinSize || !SafeToScaleUp(spec.Name, now))
            {
                continue;
            }

            int newNodes = CappedNewNodeCount(spec.MinSize - target, target);
            if (newNodes < 1)
            {
                continue;
            }

            scaleUps.Add((spec.Name, target, target + newNodes, spec.MaxSize));
        }

        if (scaleUps.Count == 0)
        {
            return false;
        }

        ExecuteScaleUps(scaleUps, now);
        return true;
    }
}
