using NodaTime;
using Npgsql;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Hosting.Digest;

/// <summary>What writing a day's digest did (<see cref="ManagerDigest.WriteAsync"/>).</summary>
/// <param name="Sections">The sections that had something.</param>
/// <param name="Written">True when this call wrote the day's outbox row; false when no section had anything or the day's row was already there.</param>
/// <param name="Key">The day's idempotency key (<see cref="ManagerDigestOutbox.Key"/>).</param>
internal sealed record DigestWrite(int Sections, bool Written, string Key);

/// <summary>
/// The daily manager digest's one step, shared by <see cref="Jobs.ManagerDigestJob"/> (the worker) and the demo's
/// <see cref="Demo.YearSimulation"/>: asks every section for <c>today</c>'s part and, when at least one has something,
/// writes ONE outbox message (<see cref="ManagerDigestOutbox"/>: key <c>manager-digest:{date}</c>, so a second call the
/// same day changes nothing). The dispatcher sends it to <c>organisation.digestEmail</c>. A section that throws is handed
/// to <c>sectionFailed</c> and left out; the others still go.
/// </summary>
internal static class ManagerDigest
{
    /// <summary>Builds <paramref name="today"/>'s sections and writes the digest when one has something.</summary>
    /// <exception cref="System.Data.Common.DbException">The outbox row could not be written.</exception>
    public static async Task<DigestWrite> WriteAsync(
        IEnumerable<IDigestSection> sections,
        LocalDate today,
        NpgsqlDataSource dataSource,
        Instant now,
        Action<IDigestSection, Exception> sectionFailed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(sectionFailed);
        var key = ManagerDigestOutbox.Key(today);
        var built = new List<DigestSection>();
        foreach (var section in sections)
        {
            try
            {
                if (await section.BuildAsync(today, cancellationToken).ConfigureAwait(false) is { } part)
                {
                    built.Add(part);
                }
            }
#pragma warning disable CA1031 // One broken section must not stop the others reaching the manager; the caller logs it.
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                sectionFailed(section, e);
            }
        }

        if (built.Count == 0)
        {
            return new DigestWrite(0, false, key);
        }

        var written = await ManagerDigestOutbox.EnqueueAsync(
            dataSource, today, MessageIds.FromKey(key), DigestPayload.Of(today, built).ToJson(), now, cancellationToken).ConfigureAwait(false);
        return new DigestWrite(built.Count, written, key);
    }
}
