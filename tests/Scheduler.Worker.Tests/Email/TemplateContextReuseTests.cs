using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

public sealed class TemplateContextReuseTests
{
    [Fact]
    public void Render_EverySampleThreeTimesWithOneRenderer_SameTextEachTime()
    {
        var renderer = EmailTestData.Renderer();
        var models = EmailSamples.TemplateNames.SelectMany(EmailSamples.For).ToList();
        var first = models.Select(m => renderer.Render(m)).ToList();

        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(first, models.Select(m => renderer.Render(m)));
        }
    }
}
