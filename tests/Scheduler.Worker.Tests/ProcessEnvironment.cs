namespace Scheduler.Worker.Tests;

/// <summary>
/// Tests that set or read the process's environment variables (ConnectionStrings__Estate above all) run in this
/// collection, one at a time: xunit runs other test classes in parallel, and the environment is shared by all.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}
