using NodaTime;
using Scheduler.Worker.Email;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Programmes;

/// <summary>
/// A programme's render limits grow with its orders (<see cref="TemplateLimits"/>' per-item allowances): a programme of
/// thousands of orders renders under the default limits, even with every order written out in full, while a template
/// that loops or writes without end is still stopped.
/// </summary>
public sealed class ProgrammeLimitsTests
{
    private static readonly LocalDate Monday = new(2027, 5, 10);

    /// <summary>The programme as it was before branch prog7: every order's full block (<c>_order</c>), checklist, follow-ups and feedback links.</summary>
    private const string FullBlocksText = """
        Subject: Programme: {{ programme.count }} orders
        {{~ for order in programme.orders ~}}

        Order {{ for.index + 1 }} of {{ programme.count }}
        {{ include '_order.txt' ~}}
        {{~ end ~}}
        """;

    private const string FullBlocksHtml = """
        <div>{{~ for order in programme.orders ~}}
        <h2>Order {{ for.index + 1 }} of {{ programme.count }}</h2>
        {{ include '_order.html' ~}}
        {{~ end ~}}</div>
        """;

    private static IReadOnlyList<WorkOrderView> Orders(int count)
    {
        var links = new FeedbackLinks(new FeedbackOptions { SigningKey = Feedback.FeedbackHost.SigningKey, BaseUrl = "https://feedback.example.org/" });
        return [.. Enumerable.Range(1, count).Select(i =>
        {
            var order = EmailTestData.Order(i * 2, checklist: ["Stairs and landings swept and mopped", "Handrails and door handles wiped", "Bin store litter picked", "Windows in common areas cleaned"]);
            return order with { Feedback = links.For(order.Reference, "greenscape", order.Window.End, EmailTestData.Organisation().Zone) };
        })];
    }

    private static ContractorProgrammeEmail Programme(int count) =>
        new(EmailTestData.Organisation(), EmailTestData.Contractor(), Monday, Orders(count));

    [Theory]
    [InlineData(1_430)]   // the benchmark's programme that died on the 2,000,000-character output limit
    [InlineData(5_000)]
    public void Render_ProgrammeOfThousandsOfOrdersInFull_RendersUnderTheDefaultLimits(int count)
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-programme.en.txt.sbn", FullBlocksText);
        folder.Write("contractor-programme.en.html.sbn", FullBlocksHtml);

        var email = folder.Renderer().Render(Programme(count));

        Assert.Equal($"Programme: {count} orders", email.Subject);
        Assert.Contains($"Order {count} of {count}", email.Text, StringComparison.Ordinal);
        Assert.Contains($"Order {count} of {count}", email.Html, StringComparison.Ordinal);
        Assert.True(email.Html.Length > TemplateLimits.Default.OutputLimit, "the full blocks of this many orders are beyond the fixed limit alone");
    }

    [Fact]
    public void Render_ShippedProgrammeOfFiveThousandOrders_ListsEveryOrderWithItsLink()
    {
        var orders = Orders(5_000);

        var email = EmailTestData.Renderer().Render(new ContractorProgrammeEmail(EmailTestData.Organisation(), EmailTestData.Contractor(), Monday, orders));

        var lines = email.Text.Split('\n').Where(l => l.StartsWith("- WO-", StringComparison.Ordinal)).Select(l => l[2..l.IndexOf(':', StringComparison.Ordinal)]);
        var cells = email.Html.Split("<tr style=\"vertical-align: top;\"><td>").Skip(1).Select(row => row[..row.IndexOf('<', StringComparison.Ordinal)]);
        Assert.Equal(orders.Select(o => o.Reference), lines);
        Assert.Equal(orders.Select(o => o.Reference), cells);
        Assert.Equal(5_001, email.Html.Split("https://feedback.example.org/feedback/").Length);
    }

    [Theory]
    [InlineData("{{ for i in 1..2000000000 }}{{ end }}", "LoopLimit")]
    [InlineData("{{ for order in programme.orders }}{{ '' | string.pad_right 100000 }}{{ end }}", "OutputLimit")]
    public void Render_ProgrammeTemplateWithoutEnd_IsStillStopped(string body, string limit)
    {
        using var folder = new TemplateFolder();
        var path = folder.Write("contractor-programme.en.txt.sbn", "Subject: x\n" + body);

        var exception = Assert.Throws<TemplateException>(() => folder.Renderer().Render(Programme(100)));

        var problem = Assert.Single(exception.Problems);
        Assert.Equal(path, problem.Location.File);
        Assert.Contains(limit, problem.Message, StringComparison.Ordinal);
        Assert.False(exception.TimedOut);
    }

    [Theory]
    [InlineData(0, 20_000, 2_000_000, 5_000)]
    [InlineData(3_000, 320_000, 32_000_000, 11_000)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue, null)]
    public void LimitsFor_Items_AddTheAllowancePerItem(int items, int loops, int output, int? milliseconds)
    {
        var limits = TemplateLimits.Default;

        Assert.Equal((loops, output), (limits.LoopLimitFor(items), limits.OutputLimitFor(items)));
        if (milliseconds is { } ms)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(ms), limits.TimeoutFor(items));
        }
    }
}
