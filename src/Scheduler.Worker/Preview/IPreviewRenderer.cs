namespace Scheduler.Worker.Preview;

/// <summary>Writes a <see cref="PreviewModel"/> in one output format (<c>preview --format</c>).</summary>
public interface IPreviewRenderer
{
    /// <summary>The format's name on the command line, lower case, e.g. <c>csv</c>.</summary>
    string Format { get; }

    /// <summary>The MIME type of the output, with its charset when it is text, e.g. <c>text/csv; charset=utf-8</c>.</summary>
    string ContentType { get; }

    /// <summary>
    /// Writes the whole document to <paramref name="output"/>. Pure: reads nothing but the model (no clock, no
    /// files), so the same model always gives the same text. Does not flush or close <paramref name="output"/>.
    /// </summary>
    void Render(PreviewModel model, TextWriter output);
}
