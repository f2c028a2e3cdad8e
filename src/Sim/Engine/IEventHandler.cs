namespace ClusterSim.Sim.Engine;

/// <summary>
/// Something that reacts when one of its scheduled events comes due. Handlers are long-lived objects
/// (a kubelet, a controller's work queue, a benchmark process), so scheduling an event allocates nothing:
/// the queue stores the handler reference and a 64-bit argument in a struct entry.
/// </summary>
public interface IEventHandler
{
    /// <summary>Called once when the event comes due; <see cref="Kernel.Now"/> is the event's time.</summary>
    void OnEvent(Kernel kernel, long argument);
}
