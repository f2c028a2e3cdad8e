using ClusterSim.Sim.Engine;

namespace ClusterSim.Tests.Engine;

public sealed class EventQueueTests
{
    private sealed class NullHandler : IEventHandler
    {
        public void OnEvent(Kernel kernel, long argument)
        {
        }
    }

    private static int CompareKeys(ScheduledEvent a, ScheduledEvent b)
    {
        int byTime = a.Time.CompareTo(b.Time);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    }

    private static void AssertSame(in ScheduledEvent expected, in ScheduledEvent actual)
    {
        Assert.Equal(expected.Time, actual.Time);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.Argument, actual.Argument);
        Assert.Same(expected.Handler, actual.Handler);
    }

    [Theory]
    [InlineData(1L, 10)]     // many ties: times drawn from a tiny range
    [InlineData(2L, 1_000)]
    [InlineData(3L, 1_000_000)]
    public void RandomEnqueueDequeueMatchesASortedReference(long seed, int timeRange)
    {
        var random = new RandomStream(seed, "event-queue-tests");
        var handlers = new IEventHandler[] { new NullHandler(), new NullHandler(), new NullHandler() };
        var queue = new EventQueue(initialCapacity: 4); // forces the backing array to grow
        var reference = new List<ScheduledEvent>();
        long sequence = 0;
        long floor = 0; // like the kernel, never enqueue before the last dequeued time

        for (int step = 0; step < 20_000; step++)
        {
            // Bias towards enqueues early on so the heap gets deep, then drain.
            bool enqueue = reference.Count == 0 || random.NextInt(100) < (step < 10_000 ? 60 : 40);
            if (enqueue)
            {
                var item = new ScheduledEvent(
                    floor + random.NextInt(timeRange),
                    sequence++,
                    handlers[random.NextInt(handlers.Length)],
                    random.NextInt(int.MaxValue));
                queue.Enqueue(item);
                int at = reference.BinarySearch(item, Comparer<ScheduledEvent>.Create(CompareKeys));
                Assert.True(at < 0); // keys are unique
                reference.Insert(~at, item);
            }
            else
            {
                AssertSame(reference[0], queue.Peek());
                var item = queue.Dequeue();
                AssertSame(reference[0], item);
                reference.RemoveAt(0);
                floor = item.Time;
            }

            Assert.Equal(reference.Count, queue.Count);
        }

        while (reference.Count > 0)
        {
            AssertSame(reference[0], queue.Dequeue());
            reference.RemoveAt(0);
        }

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void EqualTimesComeOutInSequenceOrder()
    {
        var handler = new NullHandler();
        var queue = new EventQueue();
        var random = new RandomStream(11, "event-queue-tests/ties");
        var sequences = Enumerable.Range(0, 500).Select(i => (long)i).ToList();

        // Enqueue in a shuffled order: the sequence number, not the enqueue order, decides.
        for (int i = sequences.Count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (sequences[i], sequences[j]) = (sequences[j], sequences[i]);
        }

        foreach (long s in sequences)
        {
            queue.Enqueue(new ScheduledEvent(7, s, handler, s));
        }

        for (long expected = 0; expected < 500; expected++)
        {
            Assert.Equal(expected, queue.Dequeue().Sequence);
        }
    }

    [Fact]
    public void PeekAndPeekTimeShowTheEarliestWithoutRemovingIt()
    {
        var h = new NullHandler();
        var queue = new EventQueue();
        queue.Enqueue(new ScheduledEvent(9, 0, h, 1));
        queue.Enqueue(new ScheduledEvent(4, 1, h, 2));

        Assert.Equal(4, queue.PeekTime());
        Assert.Equal(2, queue.Peek().Argument);
        Assert.Same(h, queue.Peek().Handler);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void EmptyQueueRefusesToPeekOrDequeue()
    {
        var queue = new EventQueue();
        queue.Enqueue(new ScheduledEvent(1, 0, new NullHandler(), 0));
        queue.Dequeue();

        Assert.Throws<InvalidOperationException>(() => queue.Dequeue());
        Assert.Throws<InvalidOperationException>(() => queue.PeekTime());
        Assert.Throws<InvalidOperationException>(() => queue.Peek());
        Assert.Equal(0, queue.Count); // a refused dequeue leaves the queue usable

        queue.Enqueue(new ScheduledEvent(2, 1, new NullHandler(), 5));
        Assert.Equal(5, queue.Dequeue().Argument);
    }

    [Fact]
    public void PrecedesOrdersByTimeThenSequence()
    {
        var h = new NullHandler();
        Assert.True(new ScheduledEvent(1, 9, h, 0).Precedes(new ScheduledEvent(2, 0, h, 0)));
        Assert.True(new ScheduledEvent(2, 0, h, 0).Precedes(new ScheduledEvent(2, 1, h, 0)));
        Assert.False(new ScheduledEvent(2, 1, h, 0).Precedes(new ScheduledEvent(2, 0, h, 0)));
        Assert.False(new ScheduledEvent(2, 1, h, 0).Precedes(new ScheduledEvent(2, 1, h, 0)));
    }
}
