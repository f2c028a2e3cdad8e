using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Scenarios;

public class FaultSequenceTests
{
    private const string Header = """
        apiVersion: clustersim.io/v1alpha1
        kind: Scenario
        metadata: {name: faults}
        spec:
          duration: 10m
          nodes: [{name: w, count: 2, zones: [z1, z2], capacity: {cpu: "1", memory: 1Gi}}]
          timeline:

        """;

    [Fact]
    public void RecoveringARunningNodeIsAnErrorAtItsEntry()
    {
        var result = ScenarioLoader.LoadText(Header + "    - {at: 1m, fault: node-recover w-1}\n", "s.yaml");
        var e = Assert.Single(result.Errors);
        Assert.Equal("s.yaml:8:7: error: node-recover: cannot recover node \"w-1\" at 1m0s: it is running then", e.ToString());
    }

    [Fact]
    public void CrashThenRecoverIsFineAndOrderIsByTime()
    {
        var result = ScenarioLoader.LoadText(Header + "    - {at: 5m, fault: node-recover w-1}\n    - {at: 1m, fault: node-crash w-1}\n", "s.yaml");
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void StartingAKubeletThatWasNotStoppedIsAnError()
    {
        var result = ScenarioLoader.LoadText(Header + "    - {at: 1m, fault: node-crash w-2}\n    - {at: 2m, fault: kubelet-start w-2}\n", "s.yaml");
        Assert.Contains("cannot start the kubelet of node \"w-2\" at 2m0s: it is down (crashed) then", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownNodeAndZoneAreErrors()
    {
        var result = ScenarioLoader.LoadText(Header + "    - {at: 1m, fault: node-crash w-9}\n    - {at: 1m, fault: zone-outage z9}\n", "s.yaml");
        Assert.Equal(2, result.Errors.Count);
    }
}
