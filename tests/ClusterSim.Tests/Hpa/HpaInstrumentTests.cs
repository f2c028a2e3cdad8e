using ClusterSim.Sim;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Instruments;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Hpa;

/// <summary>An HPA's REF fields and timeseries rows (contract section 1).</summary>
public class HpaInstrumentTests
{
    [Fact]
    public void RefFieldsIncludeTheV1CpuUtilizationOnlyWhenKnown()
    {
        var api = new ApiServer(new Kernel(), new Trace(), 1, new ControlPlaneConfig());
        api.Bootstrap("192.168.0.1");
        var hpa = api.Create(HpaObjects.PhpApache());
        hpa.Status.CurrentReplicas = 3;
        hpa.Status.DesiredReplicas = 4;

        Assert.Equal(3.0, FieldResolver.Resolve(api.Store, hpa, ["status", "currentReplicas"]));
        Assert.Equal(4.0, FieldResolver.Resolve(api.Store, hpa, ["status", "desiredReplicas"]));
        Assert.Equal(1.0, FieldResolver.Resolve(api.Store, hpa, ["spec", "minReplicas"]));
        Assert.Equal(10.0, FieldResolver.Resolve(api.Store, hpa, ["spec", "maxReplicas"]));
        Assert.Null(FieldResolver.Resolve(api.Store, hpa, ["status", "currentCPUUtilizationPercentage"]));

        hpa.Status.CurrentMetrics = [HpaObjects.CpuStatus(45, 90)];
        Assert.Equal(45.0, FieldResolver.Resolve(api.Store, hpa, ["status", "currentCPUUtilizationPercentage"]));
        Assert.Equal("ScalingActive", FieldResolver.Resolve(api.Store, new Sim.Api.HorizontalPodAutoscaler { Status = { Conditions = HpaObjects.HealthyConditions() } }, ["status", "conditions[ScalingActive]", "type"]));
    }

    [Fact]
    public void SamplerWritesHpaRowsAndTheCpuUtilizationOnceKnown()
    {
        var kernel = new Kernel();
        var api = new ApiServer(kernel, new Trace(), 1, new ControlPlaneConfig());
        api.Bootstrap("192.168.0.1");
        var hpa = api.Create(HpaObjects.PhpApache());
        hpa.Status.CurrentReplicas = 1;
        hpa.Status.DesiredReplicas = 1;
        var sampler = new TimeSeriesSampler(kernel, api.Store, TimeSpan.FromSeconds(15));
        kernel.RunUntil(TimeSpan.FromSeconds(1));
        hpa.Status.CurrentMetrics = [HpaObjects.CpuStatus(180, 360)];
        hpa.Status.DesiredReplicas = 2;
        kernel.RunUntil(TimeSpan.FromSeconds(16));

        var rows = sampler.Samples.Where(s => s.Kind == "HorizontalPodAutoscaler")
            .Select(s => $"{s.TimeTicks / TimeSpan.TicksPerSecond},{s.Namespace},{s.Name},{s.Metric},{s.Value}").ToList();
        Assert.Equal(
            [
                "0,default,php-apache,status.currentReplicas,1",
                "0,default,php-apache,status.desiredReplicas,1",
                "15,default,php-apache,status.currentReplicas,1",
                "15,default,php-apache,status.desiredReplicas,2",
                "15,default,php-apache,status.currentCPUUtilizationPercentage,180",
            ],
            rows);
    }
}
