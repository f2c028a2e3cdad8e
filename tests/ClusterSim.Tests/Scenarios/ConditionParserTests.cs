using ClusterSim.Scenarios.Expectations;

namespace ClusterSim.Tests.Scenarios;

public class ConditionParserTests
{
    private static Condition Parse(string text)
    {
        Assert.True(ConditionParser.TryParse(text, out var condition, out var error), error?.Message);
        return condition;
    }

    [Fact]
    public void ContractExamples()
    {
        Assert.Equal(
            new Condition(new RefOperand("default", "Deployment", "frontend", ["status", "availableReplicas"]), ">=", new NumberOperand(3)),
            Parse("deployment/frontend.status.availableReplicas >= 3"));
        Assert.Equal(
            new Condition(new RefOperand("default", "ReplicationController", "myweb", ["status", "readyReplicas"]), ">=", new NumberOperand(2)),
            Parse("replicationcontroller/myweb.status.readyReplicas >= 2"));
        Assert.Equal(
            new Condition(new CountOperand("app=myweb", "Running", false), "==", new NumberOperand(3)),
            Parse("count(pods, \"app=myweb\", Running) == 3"));
        Assert.Equal(
            new Condition(
                new RefOperand(null, "Node", "worker-1", ["status", "requested", "cpu"]),
                "<=",
                new RefOperand(null, "Node", "worker-1", ["status", "allocatable", "cpu"])),
            Parse("node/worker-1.status.requested.cpu <= node/worker-1.status.allocatable.cpu"));
    }

    [Theory]
    [InlineData("==")]
    [InlineData("!=")]
    [InlineData("<")]
    [InlineData("<=")]
    [InlineData(">")]
    [InlineData(">=")]
    public void Operators(string op) => Assert.Equal(op, Parse($"rc/x.spec.replicas{op}1").Op);

    [Fact]
    public void Values()
    {
        Assert.Equal(new NumberOperand(0.5), Parse("hpa/web.status.currentReplicas > 0.5").Right);
        Assert.Equal(new NumberOperand(1e9), Parse("hpa/web.status.currentReplicas > 1e9").Right);
        Assert.Equal(new NumberOperand(-1), Parse("hpa/web.status.currentReplicas > -1").Right);
        var milli = Assert.IsType<QuantityOperand>(Parse("node/n.status.requested.cpu < 500m").Right);
        Assert.Equal((500, "500m"), (milli.Value.MilliValue(), milli.Text));
        var gi = Assert.IsType<QuantityOperand>(Parse("node/n.status.requested.memory <= 2Gi").Right);
        Assert.Equal(2L * 1024 * 1024 * 1024 * 1000, gi.Value.MilliValue());
        Assert.Equal(new StringOperand("True"), Parse("node/n.status.conditions[Ready].status == 'True'").Right);
        Assert.Equal(new StringOperand("a\"b"), Parse("pod/p.status.phase != \"a\\\"b\"").Right);
    }

    [Fact]
    public void References()
    {
        Assert.Equal(new RefOperand("development", "Pod", "busybox", ["status", "phase"]), Parse("development/pod/busybox.status.phase == \"Running\"").Left);
        Assert.Equal(new RefOperand(null, "Node", "127.0.0.1", ["status", "conditions", "[Ready]", "status"]), Parse("node/127.0.0.1.status.conditions[Ready].status == \"True\"").Left);
        Assert.Equal(new RefOperand("default", "Deployment", "web.v2", ["spec", "replicas"]), Parse("deploy/web.v2.spec.replicas == 1").Left);
        Assert.Equal(new RefOperand("default", "HorizontalPodAutoscaler", "web", ["status", "desiredReplicas"]), Parse("hpa/web.status.desiredReplicas == 1").Left);
        Assert.Equal(new RefOperand("default", "Service", "php", ["load", "servedRps"]), Parse("svc/php.load.servedRps > 0").Left);
        var labels = Assert.IsType<RefOperand>(Parse("pod/p.metadata.labels[app.kubernetes.io/name] == \"x\"").Left);
        Assert.Equal(["metadata", "labels", "[app.kubernetes.io/name]"], labels.Path);
        Assert.Equal("status.conditions[Ready].status", ((RefOperand)Parse("node/n.status.conditions[Ready].status == \"True\"").Left).FieldPath);
        Assert.Equal("spec.template.spec.containers[0].image", ((RefOperand)Parse("rc/x.spec.template.spec.containers[0].image == \"a\"").Left).FieldPath);
    }

    [Fact]
    public void Count()
    {
        Assert.Equal(new CountOperand("app=x", null, false), Parse("count(pods, \"app=x\") == 1").Left);
        Assert.Equal(new CountOperand("app=x", null, true), Parse("count(po, \"app=x\", ready) == 1").Left);
        Assert.Equal(new CountOperand("", "Pending", true, "development"), Parse("count(development/pods, \"\", pending, ready) == 0").Left);
        Assert.Equal("count(pods, \"app=x\", Running, ready)", Parse("count(pods, 'app=x', Running, ready) == 1").Left.ToString());
    }

    [Fact]
    public void NodeGroupsAndClusterTotals()
    {
        Assert.Equal(new NodeGroupOperand("worker", "targetSize"), Parse("nodegroup/worker.status.targetSize == 10").Left);
        Assert.Equal(new NodeGroupOperand("pool.a", "nodeHours"), Parse("NodeGroups/pool.a.status.nodeHours < 2.5").Left);
        Assert.Equal(new ClusterOperand("pendingPodSeconds"), Parse("cluster.pendingPodSeconds < 600").Left);
        Assert.Equal(
            new Condition(new ClusterOperand("nodeHours"), ">=", new NodeGroupOperand("spot", "cost")),
            Parse("cluster.nodeHours >= nodegroup/spot.status.cost"));
        Assert.Equal("nodegroup/worker.status.readyNodes", Parse("nodegroup/worker.status.readyNodes == 3").Left.ToString());
        Assert.Equal("cluster.longestPending", Parse("cluster.longestPending < 300").Left.ToString());
        foreach (var field in NodeGroupOperand.Fields)
        {
            Assert.Equal(new NodeGroupOperand("g", field), Parse($"nodegroup/g.status.{field} >= 0").Left);
        }

        foreach (var field in ClusterOperand.Fields)
        {
            Assert.Equal(new ClusterOperand(field), Parse($"cluster.{field} >= 0").Left);
        }

        // Only totals that grow by the tick accrue; a quantity is fine next to a total that is not in seconds.
        Assert.Equal(["nodeHours", "cost"], NodeGroupOperand.Fields.Where(f => new NodeGroupOperand("g", f).Accrues));
        Assert.Equal(["pendingPodSeconds", "longestPending", "nodeHours"], ClusterOperand.Fields.Where(f => new ClusterOperand(f).Accrues));
        Assert.IsType<QuantityOperand>(Parse("cluster.nodeHours < 1k").Right);
    }

    [Theory]
    [InlineData("deployment/frontend.status.availableReplicas => 3", 45, "unknown operator \"=>\" (expected ==, !=, <, <=, >, >=)")]
    [InlineData("deployment/frontend.status.availableReplicas = 3", 45, "unknown operator \"=\" (expected ==, !=, <, <=, >, >=)")]
    [InlineData("deployment/frontend.status.availableReplicas", 44, "expected an operator (==, !=, <, <=, >, >=) and a value after \"deployment/frontend.status.availableReplicas\"")]
    [InlineData("deployment/frontend.status.availableReplicas >=", 47, "expected a value: a number, a quoted string, a quantity, KIND/NAME.FIELD or count(...)")]
    [InlineData("deployment/frontend.availableReplicas >= 3", 11, "expected NAME.FIELD after \"deployment/\" with a field path starting at metadata, spec, status or load (e.g. deployment/NAME.status.replicas), got \"frontend.availableReplicas\"")]
    [InlineData("widget/frontend.status.x >= 3", 0, "the server doesn't have a resource type \"widget\"")]
    [InlineData("default/node/n1.status.ready == 1", 0, "nodes are cluster-scoped: remove the namespace \"default\"")]
    [InlineData("rc/x.status.readyReplicas == Running", 29, "expected a number, a quoted string, a quantity or KIND/NAME.FIELD, got \"Running\" (quote strings: \"Running\")")]
    [InlineData("rc/x.status.readyReplicas >= 3 3", 31, "unexpected \"3\" after the condition")]
    [InlineData("rc/x.status.readyReplicas >= 3x", 29, "invalid number or quantity \"3x\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("pod/p.status.phase < \"Running\"", 19, "operator < compares numbers and quantities, not strings (use == or !=)")]
    [InlineData("count(services, \"a=b\") == 1", 6, "count counts pods or nodes: count(pods, \"SELECTOR\"[, PHASE][, ready]) or count(nodes, \"SELECTOR\"[, ready]), got \"services\"")]
    [InlineData("count(nodes, \"a=b\", Running) == 1", 20, "unexpected \"Running\": count takes (nodes, \"SELECTOR\"[, ready])")]
    [InlineData("count(pods, app=x) == 1", 12, "expected a quoted label selector, e.g. \"app=myweb\"")]
    [InlineData("count(pods, \"app=x\", Sleeping) == 1", 21, "unexpected \"Sleeping\": count takes (pods, \"SELECTOR\"[, PHASE][, ready]) with PHASE one of Pending, Running, Succeeded, Failed, Unknown")]
    [InlineData("count(pods, \"app=x\" == 1", 20, "expected ) or , got \"==\"")]
    [InlineData("sum(pods) == 1", 0, "unknown function \"sum\" (only count(pods, \"SELECTOR\"[, PHASE][, ready]) is supported)")]
    [InlineData("rc/x.status.conditions[Ready.status == 1", 22, "unclosed [")]
    [InlineData("pod/p.status.phase == \"Running", 22, "unterminated string")]
    [InlineData("nodegroup/worker.status.nodehours < 1", 24, "a node group has no field \"status.nodehours\" (did you mean \"nodeHours\"? expected status. and one of: targetSize, nodes, readyNodes, upcoming, scaleUps, nodeHours, cost)")]
    [InlineData("nodegroup/worker.status.spec.x < 1", 24, "a node group has no field \"status.spec.x\" (expected status. and one of: targetSize, nodes, readyNodes, upcoming, scaleUps, nodeHours, cost)")]
    [InlineData("nodegroup/worker.targetSize == 1", 10, "expected POOL.status.FIELD after \"nodegroup/\" (e.g. nodegroup/worker.status.targetSize), got \"worker.targetSize\"")]
    [InlineData("1 < kube-system/nodegroup/worker.status.nodes", 4, "nodegroups are cluster-scoped: remove the namespace \"kube-system\"")]
    [InlineData("cluster.pendingpods == 0", 8, "the cluster has no field \"pendingpods\" (did you mean \"pendingPods\"? expected cluster. and one of: pendingPods, unscheduledPods, pendingPodSeconds, longestPending, nodeHours)")]
    [InlineData("cluster. == 0", 8, "the cluster has no field \"\" (expected cluster. and one of: pendingPods, unscheduledPods, pendingPodSeconds, longestPending, nodeHours)")]
    [InlineData("cluster.longestPending < 5m", 25, "cluster.longestPending is in seconds: write a number of seconds (300 for 5m), not the quantity \"5m\"")]
    [InlineData("10m >= cluster.pendingPodSeconds", 0, "cluster.pendingPodSeconds is in seconds: write a number of seconds (300 for 5m), not the quantity \"10m\"")]
    public void Errors(string text, int offset, string message)
    {
        Assert.False(ConditionParser.TryParse(text, out _, out var error));
        Assert.Equal((offset, message), (error.Offset, error.Message));
    }
}
