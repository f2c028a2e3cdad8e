using ClusterSim.Sim.Engine;

namespace ClusterSim.Tests.Engine;

public sealed class KernelTests
{
    /// <summary>Logs (time, argument) of every event it receives and optionally reacts.</summary>
    private sealed class Recorder : IEventHandler
    {
        public List<(long Time, long Argument)> Log { get; } = [];

        public Action<Kernel, long>? React { get; init; }

        public void OnEvent(Kernel kernel, long argument)
        {
            Log.Add((kernel.NowTicks, argument));
            React?.Invoke(kernel, argument);
        }
    }

    [Fact]
    public void EventsAtEqualTimesRunInSchedulingOrder()
    {
        var kernel = new Kernel();
        var recorder = new Recorder();
        for (int i = 0; i < 200; i++)
        {
            // Mix both scheduling forms; all land on tick 50.
            if (i % 2 == 0)
            {
                kernel.ScheduleAt(50, recorder, i);
            }
            else
            {
                kernel.ScheduleIn(50, recorder, i);
            }
        }

        kernel.Run();

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (50L, (long)i)), recorder.Log);
    }

    [Fact]
    public void ZeroDelayEventRunsAfterEventsAlreadyDueNow()
    {
        var kernel = new Kernel();
        var order = new List<string>();
        var late = new Recorder { React = (_, _) => order.Add("zero-delay") };
        var first = new Recorder
        {
            React = (k, _) =>
            {
                order.Add("first");
                k.ScheduleIn(0, late);
            },
        };
        var second = new Recorder { React = (_, _) => order.Add("second") };
        kernel.ScheduleAt(10, first);
        kernel.ScheduleAt(10, second);

        kernel.Run();

        Assert.Equal(["first", "second", "zero-delay"], order);
        Assert.Equal(10, late.Log.Single().Time);
    }

    [Fact]
    public void EarlierEventRunsFirstWhateverTheSchedulingOrder()
    {
        var kernel = new Kernel();
        var recorder = new Recorder();
        kernel.ScheduleAt(30, recorder, 3);
        kernel.ScheduleAt(10, recorder, 1);
        kernel.ScheduleAt(20, recorder, 2);

        kernel.Run();

        Assert.Equal([(10L, 1L), (20L, 2L), (30L, 3L)], recorder.Log);
    }

    [Fact]
    public void TimeNeverDecreases()
    {
        var kernel = new Kernel(initialQueueCapacity: 4);
        var random = new RandomStream(7, "kernel-tests/time");
        long last = 0;
        long remaining = 20_000;
        Recorder? handler = null;
        handler = new Recorder
        {
            React = (k, argument) =>
            {
                Assert.True(k.NowTicks >= last, $"clock went back from {last} to {k.NowTicks}");
                Assert.Equal(argument, k.NowTicks); // each event carries its own due time
                last = k.NowTicks;
                if (--remaining > 0)
                {
                    // Zero delays included, so equal times happen often.
                    long delay = random.NextInt(5) == 0 ? 0 : random.NextInt(1000);
                    k.ScheduleIn(delay, handler!, k.NowTicks + delay);
                }
            },
        };
        for (int i = 0; i < 50; i++)
        {
            long at = random.NextInt(1000);
            kernel.ScheduleAt(at, handler, at);
        }

        kernel.Run();

        Assert.Equal(0, kernel.PendingEvents);
        Assert.Equal(20_000 + 49, kernel.ProcessedEvents);
        Assert.Equal(handler.Log.Select(e => e.Time).Order(), handler.Log.Select(e => e.Time));
    }

    [Fact]
    public void RunUntilRunsDueEventsAndSetsTheClockToTheTarget()
    {
        var kernel = new Kernel();
        var recorder = new Recorder();
        kernel.ScheduleAt(10, recorder, 1);
        kernel.ScheduleAt(25, recorder, 2);
        kernel.ScheduleAt(26, recorder, 3);

        kernel.RunUntil(25);

        Assert.Equal([(10L, 1L), (25L, 2L)], recorder.Log);
        Assert.Equal(25, kernel.NowTicks);
        Assert.Equal(1, kernel.PendingEvents);
        Assert.Equal(2, kernel.ProcessedEvents);

        kernel.RunUntil(TimeSpan.FromTicks(100));

        Assert.Equal(100, kernel.NowTicks);
        Assert.Equal(TimeSpan.FromTicks(100), kernel.Now);
        Assert.Equal((26L, 3L), recorder.Log[^1]);
        Assert.Equal(0, kernel.PendingEvents);
    }

    [Fact]
    public void RunUntilOnAnEmptyQueueAdvancesTheClock()
    {
        var kernel = new Kernel();

        kernel.RunUntil(1_000);

        Assert.Equal(1_000, kernel.NowTicks);
        Assert.Equal(0, kernel.ProcessedEvents);
    }

    [Fact]
    public void RunLeavesTheClockAtTheLastEventAndSchedulingStillWorks()
    {
        var kernel = new Kernel();
        var recorder = new Recorder();
        kernel.ScheduleAt(70, recorder, 1);

        kernel.Run();

        Assert.Equal(70, kernel.NowTicks); // not advanced to "forever"
        kernel.ScheduleIn(5, recorder, 2);
        kernel.Run();
        Assert.Equal([(70L, 1L), (75L, 2L)], recorder.Log);
        Assert.Equal(75, kernel.NowTicks);
    }

    [Fact]
    public void RunUntilAnEarlierTargetDoesNotMoveTheClockBack()
    {
        var kernel = new Kernel();
        kernel.RunUntil(500);

        kernel.RunUntil(100);

        Assert.Equal(500, kernel.NowTicks);
    }

    [Fact]
    public void StopReturnsAfterTheCurrentEvent()
    {
        var kernel = new Kernel();
        var recorder = new Recorder();
        var stopper = new Recorder
        {
            React = (k, _) =>
            {
                k.Stop();
                k.ScheduleIn(0, recorder, 99); // scheduling during the stopping event still works
            },
        };
        kernel.ScheduleAt(5, recorder, 1);
        kernel.ScheduleAt(10, stopper);
        kernel.ScheduleAt(10, recorder, 2); // same time, but after the stopping event
        kernel.ScheduleAt(20, recorder, 3);

        kernel.Run();

        Assert.Equal([(5L, 1L)], recorder.Log);
        Assert.Single(stopper.Log);
        Assert.Equal(10, kernel.NowTicks); // clock stays at the stopping event, not at the target
        Assert.Equal(3, kernel.PendingEvents);

        kernel.Run(); // the stop request does not stick

        Assert.Equal([(5L, 1L), (10L, 2L), (10L, 99L), (20L, 3L)], recorder.Log);
        Assert.Equal(20, kernel.NowTicks);
    }

    [Fact]
    public void StopInsideRunUntilLeavesTheClockAtTheStoppingEvent()
    {
        var kernel = new Kernel();
        var stopper = new Recorder { React = (k, _) => k.Stop() };
        kernel.ScheduleAt(40, stopper);

        kernel.RunUntil(1_000);

        Assert.Equal(40, kernel.NowTicks);
    }

    [Fact]
    public void SchedulingInThePastThrows()
    {
        var kernel = new Kernel();
        var recorder = new Recorder();
        kernel.RunUntil(100);

        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.ScheduleIn(-1, recorder));
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.ScheduleAt(99, recorder));
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.ScheduleIn(TimeSpan.FromTicks(-1), () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.ScheduleAt(TimeSpan.FromTicks(99), () => { }));
        Assert.Equal(0, kernel.PendingEvents);

        kernel.ScheduleAt(100, recorder, 1); // now is not the past
        kernel.ScheduleIn(0, recorder, 2);
        kernel.Run();

        Assert.Equal([(100L, 1L), (100L, 2L)], recorder.Log);
    }

    [Fact]
    public void ScheduleInIsRelativeToNowAndScheduleAtIsAbsolute()
    {
        var kernel = new Kernel();
        var recorder = new Recorder();
        var scheduler = new Recorder
        {
            React = (k, _) =>
            {
                k.ScheduleIn(50, recorder, 1);  // 100 + 50
                k.ScheduleAt(120, recorder, 2); // absolute
            },
        };
        kernel.ScheduleAt(100, scheduler);

        kernel.Run();

        Assert.Equal([(120L, 2L), (150L, 1L)], recorder.Log);
    }

    [Fact]
    public void ArgumentIsPassedBackToTheHandler()
    {
        var kernel = new Kernel();
        var recorder = new Recorder();
        kernel.ScheduleIn(3, recorder, long.MinValue);
        kernel.ScheduleIn(4, recorder, 42);
        kernel.ScheduleIn(5, recorder); // default argument

        kernel.Run();

        Assert.Equal([long.MinValue, 42L, 0L], recorder.Log.Select(e => e.Argument));
    }

    [Fact]
    public void ActionOverloadsRunAtTheRightTime()
    {
        var kernel = new Kernel();
        var seen = new List<(string What, TimeSpan At)>();
        kernel.ScheduleAt(TimeSpan.FromSeconds(2), () => seen.Add(("at", kernel.Now)));
        kernel.ScheduleIn(TimeSpan.FromSeconds(1), () =>
        {
            seen.Add(("in", kernel.Now));
            kernel.ScheduleIn(TimeSpan.FromSeconds(5), () => seen.Add(("nested", kernel.Now)));
        });

        kernel.Run();

        Assert.Equal(
            [("in", TimeSpan.FromSeconds(1)), ("at", TimeSpan.FromSeconds(2)), ("nested", TimeSpan.FromSeconds(6))],
            seen);
    }

    [Fact]
    public void HandlerSchedulingDoesNotAllocate()
    {
        var kernel = new Kernel();
        long remaining = 10_000;
        var handler = new NoAllocHandler(() => --remaining > 0);
        kernel.ScheduleIn(1, handler);
        kernel.RunUntil(2); // warm up (JIT) outside the measured part

        long before = GC.GetAllocatedBytesForCurrentThread();
        kernel.Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, remaining);
        Assert.Equal(0, allocated);
    }

    private sealed class NoAllocHandler(Func<bool> again) : IEventHandler
    {
        public void OnEvent(Kernel kernel, long argument)
        {
            if (again())
            {
                kernel.ScheduleIn(1 + (argument & 7), this, argument + 1);
            }
        }
    }

    private sealed class Elided(long count) : IElidedEvents
    {
        public long ElidedEvents(long nowTicks) => nowTicks >= 100 ? count : 0;
    }

    [Fact]
    public void LiteralEventsAddWhatComponentsLeftOut()
    {
        var kernel = new Kernel();
        var recorder = new Recorder();
        kernel.ScheduleIn(10, recorder);
        kernel.ScheduleIn(200, recorder);
        kernel.AddElidedEvents(new Elided(5));
        kernel.AddElidedEvents(new Elided(2));

        kernel.RunUntil(50);
        Assert.Equal((1L, 1L), (kernel.ProcessedEvents, kernel.LiteralEvents));
        kernel.RunUntil(300);
        Assert.Equal((2L, 9L), (kernel.ProcessedEvents, kernel.LiteralEvents));
    }
}
