using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// Builders for inter-pod affinity tests, after pkg/scheduler/testing wrappers.go (PodAffinityIn, PodAntiAffinityExists,
/// ...: each adds one term whose selector has one requirement), and the namespaces of interpodaffinity's tests.
/// </summary>
internal static class AffinityTestUtil
{
    /// <summary>A selector with the given requirements (metav1.LabelSelector{MatchExpressions: ...}).</summary>
    public static LabelSelector Expressions(params LabelSelectorRequirement[] requirements)
    {
        var s = new LabelSelector();
        s.MatchExpressions.AddRange(requirements);
        return s;
    }

    public static LabelSelectorRequirement In(string key, params string[] values) => new(key, LabelSelectorOperator.In, values);

    public static LabelSelectorRequirement NotIn(string key, params string[] values) => new(key, LabelSelectorOperator.NotIn, values);

    public static LabelSelectorRequirement Exists(string key) => new(key, LabelSelectorOperator.Exists, []);

    public static LabelSelectorRequirement DoesNotExist(string key) => new(key, LabelSelectorOperator.DoesNotExist, []);

    /// <summary>A term over <paramref name="topologyKey"/> with a selector of <paramref name="requirements"/>.</summary>
    public static PodAffinityTerm Term(string topologyKey, params LabelSelectorRequirement[] requirements) =>
        new() { LabelSelector = Expressions(requirements), TopologyKey = topologyKey };

    /// <summary>Adds required podAffinity terms.</summary>
    public static Pod Affinity(this Pod pod, params PodAffinityTerm[] terms) => Edit(pod, a => a with
    {
        PodAffinity = (a.PodAffinity ?? new PodAffinity()) with { RequiredDuringSchedulingIgnoredDuringExecution = [.. (a.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []), .. terms] },
    });

    /// <summary>Adds required podAntiAffinity terms.</summary>
    public static Pod AntiAffinity(this Pod pod, params PodAffinityTerm[] terms) => Edit(pod, a => a with
    {
        PodAntiAffinity = (a.PodAntiAffinity ?? new PodAntiAffinity()) with { RequiredDuringSchedulingIgnoredDuringExecution = [.. (a.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []), .. terms] },
    });

    /// <summary>Adds a preferred podAffinity term.</summary>
    public static Pod PreferredAffinity(this Pod pod, int weight, PodAffinityTerm term) => Edit(pod, a => a with
    {
        PodAffinity = (a.PodAffinity ?? new PodAffinity()) with { PreferredDuringSchedulingIgnoredDuringExecution = [.. (a.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []), new(weight, term)] },
    });

    /// <summary>Adds a preferred podAntiAffinity term.</summary>
    public static Pod PreferredAntiAffinity(this Pod pod, int weight, PodAffinityTerm term) => Edit(pod, a => a with
    {
        PodAntiAffinity = (a.PodAntiAffinity ?? new PodAntiAffinity()) with { PreferredDuringSchedulingIgnoredDuringExecution = [.. (a.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []), new(weight, term)] },
    });

    /// <summary>Gives the pod the affinity of <paramref name="other"/> (the Go tests share one Affinity between pods).</summary>
    public static Pod AffinityOf(this Pod pod, Pod other)
    {
        pod.Spec.Affinity = other.Spec.Affinity;
        return pod;
    }

    public static Pod InNamespace(this Pod pod, string ns)
    {
        pod.Metadata.Namespace = ns;
        return pod;
    }

    /// <summary>A node with only a name and labels (as the Go tables' v1.Node{ObjectMeta: ...}).</summary>
    public static Node LabeledNode(string name, params (string Key, string Value)[] labels) => SchedTestUtil.Node(name).WithLabels(labels);

    /// <summary>interpodaffinity's test namespaces: subteam1.team1 and subteam2.team1 labelled team=team1, the others team=team2.</summary>
    public static ObjectStore Namespaces()
    {
        var store = new ObjectStore();
        foreach (var (name, team) in new[] { ("subteam1.team1", "team1"), ("subteam2.team1", "team1"), ("subteam1.team2", "team2"), ("subteam2.team2", "team2") })
        {
            store.Add(new Namespace { Metadata = { Name = name, Uid = "ns-" + name, Labels = { ["team"] = team } } });
        }

        return store;
    }

    private static Pod Edit(Pod pod, Func<Affinity, Affinity> edit)
    {
        pod.Spec.Affinity = edit(pod.Spec.Affinity ?? new Affinity(null));
        return pod;
    }
}
