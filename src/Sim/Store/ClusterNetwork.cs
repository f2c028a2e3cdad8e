using System.Globalization;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Store;

/// <summary>
/// Address allocation the API server and kubelets do: ClusterIPs from the service range (kubeadm's
/// default 10.96.0.0/12, the first address for the `kubernetes` Service), NodePorts from 30000-32767,
/// node addresses, and per-node pod CIDRs (10.244.N.0/24, as kubeadm with flannel hands out).
/// Random choices use a seeded stream, as the API server's allocators pick at random.
/// </summary>
public sealed class ClusterNetwork(RandomStream random)
{
    /// <summary>First NodePort, as kube-apiserver's --service-node-port-range default.</summary>
    public const int NodePortMin = 30000;

    /// <summary>Last NodePort.</summary>
    public const int NodePortMax = 32767;

    private const uint ServiceBase = (10u << 24) | (96u << 16); // 10.96.0.0
    private const int ServiceSize = 1 << 20;                    // /12
    private readonly HashSet<uint> _clusterIps = [];
    private readonly HashSet<int> _nodePorts = [];
    private int _nextNodeIndex;

    /// <summary>The `kubernetes` Service's address: the first of the range.</summary>
    public string KubernetesServiceIp => Format(ServiceBase + 1);

    /// <summary>Reserves a requested ClusterIP; false when taken or outside the range.</summary>
    public bool TryReserveClusterIp(string ip)
    {
        if (!TryParse(ip, out var value) || value <= ServiceBase || value >= ServiceBase + ServiceSize - 1)
        {
            return false;
        }

        return _clusterIps.Add(value);
    }

    /// <summary>Allocates a free ClusterIP at random.</summary>
    public string AllocateClusterIp()
    {
        while (true)
        {
            uint candidate = ServiceBase + 1 + (uint)random.NextInt(ServiceSize - 2);
            if (_clusterIps.Add(candidate))
            {
                return Format(candidate);
            }
        }
    }

    /// <summary>Frees a ClusterIP when its Service is deleted.</summary>
    public void ReleaseClusterIp(string ip)
    {
        if (TryParse(ip, out var value))
        {
            _clusterIps.Remove(value);
        }
    }

    /// <summary>Reserves a requested NodePort; false when taken.</summary>
    public bool TryReserveNodePort(int port) => port is >= NodePortMin and <= NodePortMax && _nodePorts.Add(port);

    /// <summary>Allocates a free NodePort at random.</summary>
    public int AllocateNodePort()
    {
        if (_nodePorts.Count > NodePortMax - NodePortMin)
        {
            throw new InvalidOperationException("no NodePorts left");
        }

        while (true)
        {
            int candidate = NodePortMin + random.NextInt(NodePortMax - NodePortMin + 1);
            if (_nodePorts.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Frees a NodePort.</summary>
    public void ReleaseNodePort(int port) => _nodePorts.Remove(port);

    /// <summary>The next node's (InternalIP, podCIDR prefix "10.244.N").</summary>
    public (string InternalIp, string PodCidrPrefix) NextNodeAddresses()
    {
        int i = _nextNodeIndex++;
        // 5,000 nodes fit: 192.168.x.y from index, pod subnets 10.(244 + i/256).(i%256).0/24.
        string ip = string.Create(CultureInfo.InvariantCulture, $"192.168.{(i + 10) / 250}.{((i + 10) % 250) + 1}");
        string cidr = string.Create(CultureInfo.InvariantCulture, $"10.{244 + (i / 256)}.{i % 256}");
        return (ip, cidr);
    }

    private static string Format(uint v) =>
        string.Create(CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}");

    private static bool TryParse(string ip, out uint value)
    {
        value = 0;
        var parts = ip.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var p in parts)
        {
            if (!byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }

            value = (value << 8) | b;
        }

        return true;
    }
}
