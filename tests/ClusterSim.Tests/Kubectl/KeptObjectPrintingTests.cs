using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

/// <summary>How kept objects' JSON numbers come out of -o yaml, and the kept kinds' names kubectl accepts.</summary>
public class KeptObjectPrintingTests
{
    /// <summary>JSONToYAML: integral values print as integers; others as strconv.FormatFloat(f, 'g', -1, 64).</summary>
    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(3.0, "3")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123456.5, "123456.5")]
    [InlineData(1234567.5, "1.2345675e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(1e21, "1e+21")]
    [InlineData(2.5e-300, "2.5e-300")]
    [InlineData(double.PositiveInfinity, ".inf")]
    public void FloatsPrintAsGoYamlPrintsThem(double value, string expected) =>
        Assert.Equal(expected, ObjectYaml.GoYamlFloat(value));

    [Theory]
    [InlineData("sa", "ServiceAccount")]
    [InlineData("pvc", "PersistentVolumeClaim")]
    [InlineData("ing", "Ingress")]
    [InlineData("netpol", "NetworkPolicy")]
    [InlineData("crds", "CustomResourceDefinition")]
    [InlineData("secrets", "Secret")]
    [InlineData("clusterrolebinding", "ClusterRoleBinding")]
    [InlineData("ingressclasses", "IngressClass")]
    public void KeptKindsAnswerToKubectlsNames(string name, string kind) =>
        Assert.Equal(kind, ApiResources.Find(name)?.Kind);
}
