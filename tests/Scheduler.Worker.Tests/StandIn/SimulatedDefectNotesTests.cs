using Scheduler.Persistence.Completions;
using Scheduler.Worker.Demo;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.StandIn;

/// <summary>
/// The simulated contractors describe each defect they report (<see cref="CompletionSimulation.DefectNotes"/>), so the
/// demo's repair notices say what is wrong, as a real report's note does: every category they draw has descriptions,
/// each one a note the recorder accepts and a notice shows whole.
/// </summary>
public sealed class SimulatedDefectNotesTests
{
    [Fact]
    public void DefectNotes_EveryCategoryDrawn_HasDescriptionsANoticeShowsWhole()
    {
        var drawn = CompletionSimulation.GasDefects.Concat(CompletionSimulation.OtherDefects).Distinct().ToList();

        Assert.Equal(6, drawn.Count);
        Assert.All(drawn, category =>
        {
            Assert.True(DefectCategories.TryParse(category, out _), category);
            Assert.NotEmpty(CompletionSimulation.DefectNotes[category]);
            Assert.All(CompletionSimulation.DefectNotes[category], note =>
            {
                Assert.InRange(note.Length, 20, Math.Min(CompletionRecorder.MaxNoteLength, OrderRepair.MaxDefectShown));
                Assert.Equal(note, note.Trim());
                Assert.DoesNotContain(CompletionSimulation.Note, note, StringComparison.Ordinal);
            });
        });
    }
}
