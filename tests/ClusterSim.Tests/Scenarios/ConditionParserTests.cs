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
    public void Errors(string text, int offset, string message)
    {
        Assert.False(ConditionParser.TryParse(text, out _, out var error));
        Assert.Equal((offset, message), (error.Offset, error.Message));
    }
}
