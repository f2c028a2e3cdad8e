namespace ClusterSim.Sim.Engine;

/// <summary>
/// A 4-ary min-heap of <see cref="ScheduledEvent"/> structs ordered by (time, sequence).
/// Enqueue and dequeue cost O(log n) and allocate nothing once the backing array has grown to the
/// peak number of pending events. A 4-ary heap is shallower than a binary one and keeps a node's
/// children in one cache line pair, which is what makes it faster than a binary heap here.
/// </summary>
public sealed class EventQueue
{
    private const int Arity = 4;
    private const int Log2Arity = 2;
    private ScheduledEvent[] _heap;
    private int _count;

    public EventQueue(int initialCapacity = 1024)
    {
        _heap = new ScheduledEvent[Math.Max(4, initialCapacity)];
    }

    /// <summary>Number of pending events.</summary>
    public int Count => _count;

    /// <summary>Adds an event. Amortized O(log n), no allocation unless the array must grow.</summary>
    public void Enqueue(in ScheduledEvent item)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var heap = _heap;
        int index = _count++;
        while (index > 0)
        {
            int parent = (index - 1) >> Log2Arity;
            ref readonly var p = ref heap[parent];
            if (!item.Precedes(p))
            {
                break;
            }

            heap[index] = p;
            index = parent;
        }

        heap[index] = item;
    }

    /// <summary>The earliest event; the queue must not be empty.</summary>
    public ref readonly ScheduledEvent Peek() => ref _heap[0];

    /// <summary>Removes and returns the earliest event; the queue must not be empty.</summary>
    public ScheduledEvent Dequeue()
    {
        var heap = _heap;
        var top = heap[0];
        int last = --_count;
        if (last > 0)
        {
            var item = heap[last];
            int index = 0;
            while (true)
            {
                int first = (index << Log2Arity) + 1;
                if (first >= last)
                {
                    break;
                }

                int best = first;
                int end = Math.Min(first + Arity, last);
                for (int c = first + 1; c < end; c++)
                {
                    if (heap[c].Precedes(heap[best]))
                    {
                        best = c;
                    }
                }

                if (!heap[best].Precedes(item))
                {
                    break;
                }

                heap[index] = heap[best];
                index = best;
            }

            heap[index] = item;
        }

        heap[last] = default; // drop the handler reference so it can be collected
        return top;
    }
}
