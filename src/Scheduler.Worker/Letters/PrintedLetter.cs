namespace Scheduler.Worker.Letters;

/// <summary>
/// A tenant letter to be printed and posted (the tenant's channel is <c>post</c>, or they have no usable email
/// address): the rendered letter and the postal address for the envelope window. Values are as stored; the batch
/// file escapes them.
/// </summary>
/// <param name="MessageId">The outbox row's Message-Id: the letter's identity in the batch file (never added twice).</param>
/// <param name="Batch">
/// The batch file the letter goes into (<c>2027-03-01.html</c>), named after the day it is posted, which is also the
/// letter's date: the one an earlier claim chose while its day has not begun, else the posting day's
/// (<see cref="LetterBatchDocument.PostingDay"/>; the earlier batch is then <see cref="EarlierBatch"/>).
/// Chosen when the letter is composed, so the date printed on it and the file it goes in are always the same day.
/// </param>
/// <param name="Name">The tenant's name, first line of the address.</param>
/// <param name="AddressLines">The home's address, one line each (the register's comma-separated parts).</param>
/// <param name="Postcode">The postcode, the last line of the address.</param>
/// <param name="Language">The language the letter was rendered in (the HTML <c>lang</c> of its page).</param>
/// <param name="LargePrint">True for a large-print letter (the template already sets its size; the page is marked too).</param>
/// <param name="Html">The rendered HTML letter, a whole document; its body goes on the page.</param>
/// <param name="Reclaimed">
/// True when an earlier claim of the row had already chosen its batch file (<c>delivered_via</c> was <c>post:…</c> when
/// it was claimed): that claim may have put the letter in the file and died before recording it sent, so the writer
/// looks for it in the day's volumes before adding it. False for a letter no earlier claim got that far with, which
/// cannot be in any file (the file is chosen, and committed, before it is written): it is added without looking.
/// </param>
/// <param name="EarlierBatch">
/// The batch an earlier claim chose whose posting day had begun when this claim composed the letter (a crash before the
/// letter was recorded, and the dispatcher back after that batch's day began): that batch is complete and may have been
/// collected, so nothing is added to it. The dispatcher looks for the letter there: found, it was posted with that batch;
/// not found, it goes into <see cref="Batch"/> (the posting day's), dated that day. Null otherwise.
/// </param>
public sealed record PrintedLetter(
    string MessageId,
    string Batch,
    string Name,
    IReadOnlyList<string> AddressLines,
    string Postcode,
    string Language,
    bool LargePrint,
    string Html,
    bool Reclaimed,
    string? EarlierBatch = null)
{
    /// <summary>The message and its batch: never the tenant's name, address, postcode or the letter's text (logs carry ids).</summary>
    public override string ToString() =>
        $"PrintedLetter {{ MessageId = {MessageId}, Batch = {Batch}, Name = (withheld), AddressLines = (withheld), Postcode = (withheld), Language = {Language}, "
        + $"LargePrint = {LargePrint}, Html = ({Html.Length} characters), Reclaimed = {Reclaimed}, EarlierBatch = {EarlierBatch} }}";
}
