using System.Reflection;
using System.Runtime.CompilerServices;
using Scheduler.Domain.Calendars;

namespace Scheduler.Domain.Tests.Architecture;

/// <summary>Convention tests that guard the architecture (STYLE.md §10).</summary>
public class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(OccurrenceExpander).Assembly;

    [Fact]
    public void Domain_ReferencesNodaTimeAndTheFrameworkOnly()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var foreign = references.Where(n => n != "NodaTime" && n != "netstandard" && !n.StartsWith("System", StringComparison.Ordinal)).ToList();
        Assert.True(foreign.Count == 0, $"Scheduler.Domain references {string.Join(", ", foreign)}");
    }

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Npgsql")]
    [InlineData("Quartz")]
    [InlineData("MailKit")]
    [InlineData("MimeKit")]
    [InlineData("YamlDotNet")]
    public void Domain_DoesNotReference(string forbidden) =>
        Assert.DoesNotContain(Domain.GetReferencedAssemblies(), a => a.Name!.StartsWith(forbidden, StringComparison.Ordinal));

    [Fact]
    public void Domain_HasNoAsyncVoidMethods()
    {
        var asyncVoid = Domain.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(void) && m.GetCustomAttribute<AsyncStateMachineAttribute>() is not null)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();
        Assert.Empty(asyncVoid);
    }

    [Fact]
    public void Domain_EnumsHaveAnExplicitInvalidZero()
    {
        var enums = Domain.GetTypes().Where(t => t.IsEnum && t.IsPublic).ToList();
        Assert.NotEmpty(enums);
        Assert.All(enums, e => Assert.Equal("Invalid", Enum.GetName(e, 0)));
    }
}
