namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// rate_limited_queue.go UniqueQueue: a priority queue on <see cref="TimedValue.ProcessAt"/> (TimedQueue,
/// a Go container/heap) that admits a value only once until it is removed. The heap operations are Go's
/// container/heap (up, down, Push, Pop, Remove) step for step, so values with equal ProcessAt come out in
/// the same order as in Kubernetes.
/// </summary>
public sealed class UniqueQueue
{
    private List<TimedValue> _queue = [];
    private HashSet<string> _set = new(StringComparer.Ordinal);

    /// <summary>Values waiting, in heap (slice) order.</summary>
    internal IReadOnlyList<TimedValue> Items => _queue;

    /// <summary>Number of values in the de-duplication set.</summary>
    internal int SetCount => _set.Count;

    /// <summary>Whether <paramref name="value"/> is in the de-duplication set.</summary>
    internal bool SetContains(string value) => _set.Contains(value);

    /// <summary>Number of values waiting.</summary>
    public int Count => _queue.Count;

    /// <summary>UniqueQueue.Add: adds unless the value was added before and not removed.</summary>
    public bool Add(TimedValue value)
    {
        if (_set.Contains(value.Value))
        {
            return false;
        }

        Push(value);
        _set.Add(value.Value);
        return true;
    }

    /// <summary>UniqueQueue.Replace: replaces the waiting entry with the same value; false if none waits.</summary>
    public bool Replace(TimedValue value)
    {
        for (int i = 0; i < _queue.Count; i++)
        {
            if (_queue[i].Value != value.Value)
            {
                continue;
            }

            RemoveAt(i);
            Push(value);
            return true;
        }

        return false;
    }

    /// <summary>UniqueQueue.RemoveFromQueue: removes the waiting entry but keeps the value in the set, so it cannot be added again.</summary>
    public bool RemoveFromQueue(string value)
    {
        if (!_set.Contains(value))
        {
            return false;
        }

        for (int i = 0; i < _queue.Count; i++)
        {
            if (_queue[i].Value == value)
            {
                RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    /// <summary>UniqueQueue.Remove: removes the value from the queue and the set, so it may be added again. True if it was in the set.</summary>
    public bool Remove(string value)
    {
        if (!_set.Contains(value))
        {
            return false;
        }

        _set.Remove(value);
        for (int i = 0; i < _queue.Count; i++)
        {
            if (_queue[i].Value == value)
            {
                RemoveAt(i);
                return true;
            }
        }

        return true;
    }

    /// <summary>UniqueQueue.Get: pops the value with the lowest ProcessAt and drops it from the set.</summary>
    public bool TryGet(out TimedValue value)
    {
        if (_queue.Count == 0)
        {
            value = default;
            return false;
        }

        value = Pop();
        _set.Remove(value.Value);
        return true;
    }

    /// <summary>UniqueQueue.Head: the value with the lowest ProcessAt, not removed.</summary>
    public bool TryHead(out TimedValue value)
    {
        if (_queue.Count == 0)
        {
            value = default;
            return false;
        }

        value = _queue[0];
        return true;
    }

    /// <summary>UniqueQueue.Clear.</summary>
    public void Clear()
    {
        if (_queue.Count > 0)
        {
            _queue = [];
        }

        if (_set.Count > 0)
        {
            _set = new HashSet<string>(StringComparer.Ordinal);
        }
    }

    // TimedQueue.Less: h[i].ProcessAt.Before(h[j].ProcessAt).
    private bool Less(int i, int j) => _queue[i].ProcessAt < _queue[j].ProcessAt;

    private void Swap(int i, int j) => (_queue[i], _queue[j]) = (_queue[j], _queue[i]);

    // container/heap.Push.
    private void Push(TimedValue value)
    {
        _queue.Add(value);
        Up(_queue.Count - 1);
    }

    // container/heap.Pop.
    private TimedValue Pop()
    {
        int n = _queue.Count - 1;
        Swap(0, n);
        Down(0, n);
        return RemoveLast();
    }

    // container/heap.Remove.
    private void RemoveAt(int i)
    {
        int n = _queue.Count - 1;
        if (n != i)
        {
            Swap(i, n);
            if (!Down(i, n))
            {
                Up(i);
            }
        }

        RemoveLast();
    }

    private TimedValue RemoveLast()
    {
        var last = _queue[^1];
        _queue.RemoveAt(_queue.Count - 1);
        return last;
    }

    // container/heap.up.
    private void Up(int j)
    {
        while (true)
        {
            int i = (j - 1) / 2; // parent (Go's integer division truncates toward zero, as C#'s does)
            if (i == j || !Less(j, i))
            {
                break;
            }

            Swap(i, j);
            j = i;
        }
    }

    // container/heap.down.
    private bool Down(int i0, int n)
    {
        int i = i0;
        while (true)
        {
            int j1 = (2 * i) + 1;
            if (j1 >= n || j1 < 0)
            {
                break;
            }

            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && Less(j2, j1))
            {
                j = j2;
            }

            if (!Less(j, i))
            {
                break;
            }

            Swap(i, j);
            i = j;
        }

        return i > i0;
    }
}
