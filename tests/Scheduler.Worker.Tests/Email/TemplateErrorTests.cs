using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>Bad templates: each error names the file, line and column, and no render can hang.</summary>
public sealed class TemplateErrorTests
{
    private static readonly ContractorWorkOrderEmail WorkOrder =
        new(EmailTestData.Organisation(), EmailTestData.Contractor(), EmailTestData.Order());

    [Fact]
    public void Render_SyntaxError_NamesFileLineAndColumn()
    {
        using var folder = new TemplateFolder();
        var path = folder.Write("contractor-work-order.en.html.sbn", "<p>Hello</p>\n<p>{{ if order.reference }}never closed</p>\n");

        var error = Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(path, problem.Location.File);
        Assert.Equal(2, problem.Location.Line);
        Assert.Equal(28, problem.Location.Column);
        Assert.Contains("The <end> statement was not found", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:2:28", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownVariable_NamesFileLineAndColumn()
    {
        using var folder = new TemplateFolder();
        var path = folder.Write("contractor-work-order.en.txt.sbn", "Subject: Order\nHello\n  {{ ordr.reference }}\n");

        var problem = Assert.Single(Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder)).Problems);

        Assert.Equal((path, 3, 6), (problem.Location.File, problem.Location.Line, problem.Location.Column));
        Assert.Contains("`ordr` was not found", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownMember_IsAnErrorNotAnEmptyString()
    {
        using var folder = new TemplateFolder();
        var path = folder.Write("contractor-work-order.en.txt.sbn", "Subject: Order {{ order.refrence }}\n");

        var problem = Assert.Single(Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder)).Problems);

        Assert.Equal((path, 1, 25), (problem.Location.File, problem.Location.Line, problem.Location.Column));
        Assert.Contains("refrence", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ErrorInAPartial_NamesThePartial()
    {
        using var folder = new TemplateFolder();
        var partial = folder.Write("_order.txt.sbn", "Reference: {{ order.reference }}\nWhere: {{ order.adress }}\n");

        var problem = Assert.Single(Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder)).Problems);

        Assert.Equal((partial, 2, 17), (problem.Location.File, problem.Location.Line, problem.Location.Column));
    }

    [Fact]
    public void Render_LoopBeyondTheLimit_Stops()
    {
        using var folder = new TemplateFolder();
        var path = folder.Write("contractor-work-order.en.txt.sbn", "Subject: x\n{{ for i in 1..1000000 }}{{ i }}{{ end }}");

        var problem = Assert.Single(Assert.Throws<TemplateException>(() => folder.Renderer(new TemplateLimits { LoopLimit = 100 }).Render(WorkOrder)).Problems);

        Assert.Equal(path, problem.Location.File);
        Assert.Contains("LoopLimit", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EndlessRecursion_Stops()
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-work-order.en.txt.sbn", "Subject: x\n{{ func f(x); ret f(x); end; f(1) }}");

        var problem = Assert.Single(Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder)).Problems);

        Assert.Contains("recursive depth limit", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TemplateThatRunsTooLong_IsStoppedByTheTimeout()
    {
        using var folder = new TemplateFolder();
        var path = folder.Write("contractor-work-order.en.txt.sbn", "Subject: x\n{{ for i in 1..2000000000 }}{{ end }}");
        var limits = new TemplateLimits { LoopLimit = int.MaxValue, Timeout = TimeSpan.FromMilliseconds(50) };

        var exception = Assert.Throws<TemplateException>(() => folder.Renderer(limits).Render(WorkOrder));
        var problem = Assert.Single(exception.Problems);

        Assert.Equal(path, problem.Location.File);
        Assert.Contains("took longer than 0.05 s to render and was stopped", problem.Message, StringComparison.Ordinal);
        Assert.True(exception.TimedOut);
    }

    [Theory]
    [InlineData("Subject: x\n{{ for i in 1..1000000 }}{{ i }}{{ end }}")]
    [InlineData("Subject: x\n{{ func f(x); ret f(x); end; f(1) }}")]
    [InlineData("Subject: x\n{{ order.refrence }}")]
    [InlineData("Subject: x\n{{ if }}")]
    public void Render_ErrorOrOtherLimit_IsNotATimeout(string template)
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-work-order.en.txt.sbn", template);

        var exception = Assert.Throws<TemplateException>(() => folder.Renderer(new TemplateLimits { LoopLimit = 100 }).Render(WorkOrder));

        Assert.False(exception.TimedOut);
    }

    [Fact]
    public void Render_OutputBeyondTheLimit_Stops()
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-work-order.en.txt.sbn", "Subject: x\n{{ for i in 1..5000 }}0123456789{{ end }}");

        Assert.Throws<TemplateException>(() => folder.Renderer(new TemplateLimits { OutputLimit = 10_000 }).Render(WorkOrder));
    }

    [Fact]
    public void Render_CallerCancels_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => EmailTestData.Renderer().Render(WorkOrder, cancelled.Token));
    }

    [Theory]
    [InlineData("../contractor-work-order.en.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("contractor-work-order.en.txt")]
    [InlineData("_order")]
    public void Render_IncludeOfAnythingButAPartial_IsRefused(string name)
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-work-order.en.txt.sbn", $"Subject: x\n{{{{ include '{name}' }}}}");

        var problem = Assert.Single(Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder)).Problems);

        Assert.Contains("is not a partial", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TemplateReadingTheClock_IsAnError()
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-work-order.en.txt.sbn", "Subject: x\n{{ date.now }}");

        Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder));
    }

    [Theory]
    [InlineData("{{ date.format = '%Y' }}")]
    [InlineData("{{ string.upcase = 1 }}")]
    [InlineData("{{ html.escape = 'x' }}")]
    public void Render_TemplateChangingABuiltin_IsAnErrorAndLaterRendersAreUnchanged(string change)
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-work-order.en.txt.sbn", "Subject: x\n" + change + "\n");
        var shipped = EmailTestData.Renderer().Render(WorkOrder);

        Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder));

        Assert.Equal(shipped, EmailTestData.Renderer().Render(WorkOrder));
        Assert.Equal("X", Scriban.Template.Parse("{{ 'x' | string.upcase }}").Render());
    }

    [Theory]
    [InlineData("{{ organisation.name = 'Mallory' }}")]
    [InlineData("{{ contractor.name = 'Mallory' }}")]
    [InlineData("{{ print.font_size_pt = 4 }}")]
    public void Render_TemplateChangingASharedValue_IsAnErrorAndLaterRendersAreUnchanged(string change)
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-work-order.en.txt.sbn", "Subject: x\n" + change + "\n");
        var shipped = EmailTestData.Renderer();
        var before = shipped.Render(WorkOrder);

        Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder));

        Assert.Equal(before, shipped.Render(WorkOrder));
        Assert.DoesNotContain("Mallory", shipped.Render(WorkOrder).Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TemplateSettingItsOwnVariable_DoesNotLeakIntoTheNextRender()
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-work-order.en.txt.sbn", "Subject: x\n{{ leaked = 'yes' }}{{ leaked }}\n");
        folder.Write("contractor-cancellation.en.txt.sbn", "Subject: y\n{{ leaked }}\n");
        var renderer = folder.Renderer();
        Assert.Contains("yes", renderer.Render(WorkOrder).Text, StringComparison.Ordinal);

        var problem = Assert.Single(Assert.Throws<TemplateException>(() => renderer.Render(new ContractorCancellationEmail(EmailTestData.Organisation(), EmailTestData.Contractor(), EmailTestData.Order(status: WorkOrderStatus.Cancelled, sequence: 1)))).Problems);

        Assert.Contains("leaked", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TextWithoutSubjectLine_SaysSo()
    {
        using var folder = new TemplateFolder();
        var path = folder.Write("contractor-work-order.en.txt.sbn", "Hello {{ contractor.name }}\n");

        var problem = Assert.Single(Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder)).Problems);

        Assert.Equal((path, 1, 1), (problem.Location.File, problem.Location.Line, problem.Location.Column));
        Assert.Contains("must start with the subject line", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MissingTemplate_SaysWhichFilesAreNeeded()
    {
        using var folder = new TemplateFolder(copyShipped: false);

        var problem = Assert.Single(Assert.Throws<TemplateException>(() => folder.Renderer().Render(WorkOrder)).Problems);

        Assert.Contains("contractor-work-order.en.txt.sbn and contractor-work-order.en.html.sbn", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renderer_FolderThatDoesNotExist_SaysSo()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => new TemplateRenderer("/no/such/templates"));

        Assert.Contains("/no/such/templates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BrokenTemplate_OtherTemplatesStillRender()
    {
        using var folder = new TemplateFolder();
        folder.Write("contractor-work-order.en.html.sbn", "{{ if }}");
        var renderer = folder.Renderer();

        Assert.Throws<TemplateException>(() => renderer.Render(WorkOrder));
        Assert.Throws<TemplateException>(() => renderer.Render(WorkOrder));
        Assert.StartsWith("Your annual gas safety check", renderer.Render(EmailTestData.Letter()).Subject, StringComparison.Ordinal);
    }
}
