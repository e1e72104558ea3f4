using Xunit.Sdk;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>The page check (<see cref="FeedbackHtml"/>) finds what it is there to find.</summary>
public class FeedbackHtmlTests
{
    private const string Head = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>T</title></head><body>";

    public static TheoryData<string> Broken => new()
    {
        "<form method=\"post\"><textarea name=\"note\"></textarea></form>", // a field without its label
        "<form method=\"post\"><fieldset><p>x</p><legend>L</legend></fieldset></form>", // a fieldset not opening with its legend
        "<p>unclosed<p>two</p>", // an element left open
        "<p>a < b</p>", // a raw angle bracket
        "<p class=x>unquoted</p>", // an unquoted attribute
        "<p><button type=\"submit\"></button></p>", // a button without words
    };

    [Fact]
    public void AWellFormedLabelledPage_Passes() =>
        FeedbackHtml.AssertWellFormedAndLabelled(Head
            + "<form method=\"post\"><input type=\"hidden\" name=\"outcome\" value=\"defect\"><fieldset><legend>L</legend>"
            + "<p><label>Note<br><textarea name=\"note\"></textarea></label></p></fieldset><p><button type=\"submit\">Send</button></p></form></body></html>");

    [Theory]
    [MemberData(nameof(Broken))]
    public void ABrokenPage_Fails(string body) =>
        Assert.ThrowsAny<XunitException>(() => FeedbackHtml.AssertWellFormedAndLabelled(Head + body + "</body></html>"));
}
