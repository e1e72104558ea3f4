using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email.Composing;

/// <summary>
/// Since branch <c>prof31</c> the <c>.ics</c> and <c>.csv</c> writers work in buffers kept per thread and reused by the
/// next message (<see cref="OrderCalendar.Write"/>, <see cref="OrderCsv.Write"/>): whatever was written before on a
/// thread — a longer file, a programme too large for its buffer to be kept, a write that threw part-way — and whatever
/// other threads write at the same time, a file must be the text a writer with new buffers makes.
/// </summary>
public sealed class ReusedBuffersTests
{
    private static readonly OrderCalendar Calendar = EmailTestData.Calendar(EmailTestData.Renderer());

    /// <summary>Order sets of different lengths and texts: one order, a cancellation, hostile text, a long programme.</summary>
    private static readonly IReadOnlyList<WorkOrderView>[] Sets =
    [
        [EmailTestData.Order(1)],
        [EmailTestData.Order(2, WorkOrderStatus.Cancelled, 2)],
        [EmailTestData.Order(3, address: "Flat 1; Block A, \"The Green\"\\ " + new string('é', 60), checklist: [])],
        [.. Enumerable.Range(10, 12).Select(i => EmailTestData.Order(i, WorkOrderStatus.Changed, i % 3))],
        [EmailTestData.Order(4) with { Appointment = new OrderAppointment(new NodaTime.LocalDate(2027, 5, 12), "AM", EmailTestData.Morning) }],
        // ~750 events: its calendar (~1 MB of text) outgrows the buffer a thread keeps, so the next write starts afresh.
        [.. Enumerable.Range(100, 750).Select(i => EmailTestData.Order(i, address: string.Join(' ', Enumerable.Repeat("Long Road", 20))))],
    ];

    [Fact]
    public void Calendar_WrittenAfterOtherFilesOnTheSameThread_IsTheTextOfFreshBuffers()
    {
        var fresh = Sets.Select(orders => OnNewThread(() => Calendar.Write(orders, EmailTestData.Contractor(), EmailTestData.Stamp).Text)).ToList();

        // Every set after every other, both ways round, on this one thread.
        foreach (var orders in Sets.Concat(Enumerable.Reverse(Sets)).Concat(Sets))
        {
            Assert.Equal(fresh[Array.IndexOf(Sets, orders)], Calendar.Write(orders, EmailTestData.Contractor(), EmailTestData.Stamp).Text);
        }
    }

    [Fact]
    public void Calendar_AfterAWriteThatThrewPartWay_IsTheTextOfFreshBuffers()
    {
        var expected = OnNewThread(() => Calendar.Write(Sets[0], EmailTestData.Contractor(), EmailTestData.Stamp).Text);
        OnNewThread(() =>
        {
            // The second order's reference cannot be a UID: the write throws after the first event is in the buffer.
            var bad = EmailTestData.Order(5) with { Reference = "WO 5/bad" };
            Assert.Throws<ArgumentException>(() => Calendar.Write([EmailTestData.Order(6), bad], EmailTestData.Contractor(), EmailTestData.Stamp));
            Assert.Equal(expected, Calendar.Write(Sets[0], EmailTestData.Contractor(), EmailTestData.Stamp).Text);
            return string.Empty;
        });
    }

    [Fact]
    public void Csv_WrittenAfterOtherFilesOnTheSameThread_IsTheTextOfFreshBuffers()
    {
        var fresh = Sets.Select(orders => OnNewThread(() => OrderCsv.Write(orders))).ToList();

        foreach (var orders in Sets.Concat(Enumerable.Reverse(Sets)).Concat(Sets))
        {
            Assert.Equal(fresh[Array.IndexOf(Sets, orders)], OrderCsv.Write(orders));
        }
    }

    [Fact]
    public async Task CalendarAndCsv_WrittenOnManyThreadsAtOnce_AreEachTheTextOfFreshBuffers()
    {
        var calendars = Sets.Select(orders => OnNewThread(() => Calendar.Write(orders, EmailTestData.Contractor(), EmailTestData.Stamp).Text)).ToList();
        var csvs = Sets.Select(orders => OnNewThread(() => OrderCsv.Write(orders))).ToList();
        using var start = new Barrier(8);

        var writers = Enumerable.Range(0, 8).Select(w => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var n = 0; n < 60; n++)
                {
                    var set = (w + n) % (Sets.Length - 1); // the large programme once a writer, below
                    Assert.Equal(calendars[set], Calendar.Write(Sets[set], EmailTestData.Contractor(), EmailTestData.Stamp).Text);
                    Assert.Equal(csvs[set], OrderCsv.Write(Sets[set]));
                    if (n == w)
                    {
                        Assert.Equal(calendars[^1], Calendar.Write(Sets[^1], EmailTestData.Contractor(), EmailTestData.Stamp).Text);
                        Assert.Equal(csvs[^1], OrderCsv.Write(Sets[^1]));
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));

        await Task.WhenAll(writers);
    }

    [Fact]
    public void ReusableWire_LoadedAndUnloadedManyTimes_HoldsOneHeaderEntry()
    {
        var renderer = EmailTestData.Renderer();
        var messages = Enumerable.Range(1, 5)
            .Select(i => EmailTestData.WrittenContractorMessage(renderer, MessageIds.FromKey($"order/{i}/0"), EmailTestData.Order(i), "a@example.org").Serialized!.Written!.Value)
            .ToList();
        var wire = new ReusableWire();
        Assert.Single(wire.Message.Headers);

        for (var round = 0; round < 200; round++)
        {
            wire.Load(messages[round % messages.Count], gate: null);
            Assert.Single(wire.Message.Headers);
            wire.Unload();
            Assert.Single(wire.Message.Headers);
        }
    }

    /// <summary>Runs <paramref name="write"/> on a thread of its own, whose per-thread buffers are new.</summary>
    private static string OnNewThread(Func<string> write)
    {
        string? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = write();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return result!;
    }
}
