using ClusterSim.Sim.Scheduling;

namespace ClusterSim.Tests.Scheduling;

/// <summary>FitError message format (pkg/scheduler/framework/types_test.go TestFitError_Error).</summary>
public sealed class FitErrorTests
{
    private static FitError Make(int numAllNodes, params (string Node, Status Status)[] statuses)
    {
        var d = new Diagnosis();
        foreach (var (node, status) in statuses)
        {
            d.NodeToStatus[node] = status;
        }

        return new FitError(numAllNodes, d);
    }

    [Fact]
    public void CountsReasonsOverNodes()
    {
        var e = Make(3, ("n1", Status.Unschedulable("Insufficient cpu")), ("n2", Status.Unschedulable("Insufficient cpu")), ("n3", Status.Unschedulable("Insufficient cpu")));
        Assert.Equal("0/3 nodes are available: 3 Insufficient cpu.", e.Error());
    }

    [Fact]
    public void SortsHistogramAsGoSortStrings()
    {
        // "count reason" strings sorted byte-wise: "10 ..." sorts before "2 ...".
        var statuses = new List<(string, Status)>();
        for (int i = 0; i < 10; i++)
        {
            statuses.Add(("a" + i, Status.Unschedulable("Insufficient memory")));
        }

        statuses.Add(("b1", Status.UnschedulableAndUnresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }")));
        statuses.Add(("b2", Status.UnschedulableAndUnresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }")));
        statuses.Add(("c1", Status.Unschedulable("Insufficient cpu", "Insufficient memory")));
        var e = Make(13, statuses.ToArray());
        Assert.Equal("0/13 nodes are available: 1 Insufficient cpu, 11 Insufficient memory, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.", e.Error());
    }

    [Fact]
    public void PreFilterMessageReplacesHistogram()
    {
        var d = new Diagnosis { PreFilterMsg = "pod affinity terms conflict" };
        d.AbsentNodesStatus = Status.UnschedulableAndUnresolvable("pod affinity terms conflict");
        Assert.Equal("0/3 nodes are available: pod affinity terms conflict.", new FitError(3, d).Error());
    }

    [Fact]
    public void AbsentNodesGetTheAbsentStatus()
    {
        var d = new Diagnosis { AbsentNodesStatus = Status.UnschedulableAndUnresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]") };
        d.NodeToStatus["n1"] = Status.Unschedulable("Insufficient cpu");
        Assert.Equal("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].", new FitError(3, d).Error());
    }
}
