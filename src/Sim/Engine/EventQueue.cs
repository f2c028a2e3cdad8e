namespace ClusterSim.Sim.Engine;

/// <summary>
/// A 4-ary min-heap of scheduled events ordered by (time, sequence).
/// Enqueue and dequeue cost O(log n) and allocate nothing once the backing arrays have grown to the
/// peak number of pending events. A 4-ary heap is shallower than a binary one and keeps a node's
/// children in one cache line pair, which is what makes it faster than a binary heap here.
/// <para>
/// Layout: the heap holds only plain data (time, sequence, argument and a slot number); the handler
/// references live in a separate slot table that never moves. Sifting an entry up or down is then a
/// plain memory copy: a heap of structs holding object references pays a GC write barrier for every
/// entry moved, which made the kernel about a third slower than a bare PriorityQueue.
/// </para>
/// </summary>
public sealed class EventQueue
{
    private const int Arity = 4;
    private const int Log2Arity = 2;

    private Entry[] _heap;
    private IEventHandler?[] _handlers; // by slot; a slot is in use while its entry is in the heap
    private int[] _freeSlots;           // stack of unused slots, _freeSlots[0 .. _freeCount)
    private int _freeCount;
    private int _count;
    private ScheduledEvent _peeked;     // what Peek() hands out a reference to

    public EventQueue(int initialCapacity = 1024)
    {
        int capacity = Math.Max(4, initialCapacity);
        _heap = new Entry[capacity];
        _handlers = new IEventHandler?[capacity];
        _freeSlots = new int[capacity];
        PushFreeSlots(0, capacity);
    }

    /// <summary>Number of pending events.</summary>
    public int Count => _count;

    /// <summary>Adds an event. Amortized O(log n), no allocation unless the arrays must grow.</summary>
    public void Enqueue(in ScheduledEvent item)
    {
        if (_count == _heap.Length)
        {
            Grow();
        }

        int slot = _freeSlots[--_freeCount];
        _handlers[slot] = item.Handler;

        var heap = _heap;
        long time = item.Time;
        long sequence = item.Sequence;
        int index = _count++;
        while (index > 0)
        {
            int parent = (index - 1) >> Log2Arity;
            ref readonly var p = ref heap[parent];
            if (p.Time < time || (p.Time == time && p.Sequence < sequence))
            {
                break;
            }

            heap[index] = p;
            index = parent;
        }

        heap[index] = new Entry(time, sequence, item.Argument, slot);
    }

    /// <summary>Due time of the earliest event; the queue must not be empty.</summary>
    public long PeekTime()
    {
        if (_count == 0)
        {
            ThrowEmpty();
        }

        return _heap[0].Time;
    }

    /// <summary>The earliest event; the queue must not be empty. The reference is valid until the
    /// queue next changes (prefer <see cref="PeekTime"/> when only the time is needed).</summary>
    public ref readonly ScheduledEvent Peek()
    {
        if (_count == 0)
        {
            ThrowEmpty();
        }

        ref readonly var top = ref _heap[0];
        _peeked = new ScheduledEvent(top.Time, top.Sequence, _handlers[top.Slot]!, top.Argument);
        return ref _peeked;
    }

    /// <summary>Removes and returns the earliest event; the queue must not be empty.</summary>
    public ScheduledEvent Dequeue()
    {
        if (_count == 0)
        {
            ThrowEmpty();
        }

        var heap = _heap;
        var top = heap[0];
        int last = --_count;
        if (last > 0)
        {
            // Sift the last entry down from the root; its key stays in registers.
            long time = heap[last].Time;
            long sequence = heap[last].Sequence;
            int index = 0;
            while (true)
            {
                int first = (index << Log2Arity) + 1;
                if (first >= last)
                {
                    break;
                }

                int best = first;
                long bestTime = heap[first].Time;
                long bestSequence = heap[first].Sequence;
                int end = Math.Min(first + Arity, last);
                for (int c = first + 1; c < end; c++)
                {
                    long t = heap[c].Time;
                    if (t < bestTime || (t == bestTime && heap[c].Sequence < bestSequence))
                    {
                        best = c;
                        bestTime = t;
                        bestSequence = heap[c].Sequence;
                    }
                }

                if (time < bestTime || (time == bestTime && sequence < bestSequence))
                {
                    break;
                }

                heap[index] = heap[best];
                index = best;
            }

            heap[index] = heap[last];
        }

        var handlers = _handlers;
        var handler = handlers[top.Slot]!;
        handlers[top.Slot] = null; // drop the handler reference so it can be collected
        _freeSlots[_freeCount++] = top.Slot;
        return new ScheduledEvent(top.Time, top.Sequence, handler, top.Argument);
    }

    private void Grow()
    {
        int oldCapacity = _heap.Length;
        int capacity = oldCapacity * 2;
        Array.Resize(ref _heap, capacity);
        Array.Resize(ref _handlers, capacity);
        Array.Resize(ref _freeSlots, capacity);
        PushFreeSlots(oldCapacity, capacity); // every old slot is in use when the heap is full
    }

    /// <summary>Pushes slots [from, to) so that the lowest is handed out first.</summary>
    private void PushFreeSlots(int from, int to)
    {
        for (int slot = to - 1; slot >= from; slot--)
        {
            _freeSlots[_freeCount++] = slot;
        }
    }

    private static void ThrowEmpty() => throw new InvalidOperationException("the event queue is empty");

    /// <summary>A heap entry: no object references, so moving it needs no GC write barrier.</summary>
    private readonly struct Entry(long time, long sequence, long argument, int slot)
    {
        public readonly long Time = time;
        public readonly long Sequence = sequence;
        public readonly long Argument = argument;
        public readonly int Slot = slot;
    }
}
