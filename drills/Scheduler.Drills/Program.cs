using System.Globalization;
using Scheduler.Drills;

// dotnet run -c Release --project drills/Scheduler.Drills -- [kill-apply|kill-dispatch|pg-restart|pickup-unwritable|kill-node|smtp-down|all] [--homes N] [--kills N] [--runs N] [--seed S]
// dotnet run -c Release --project drills/Scheduler.Drills -- first-run [--homes N] [--explain MS]   (a landlord's first two nights; also the last of 'all', at 100,000 homes unless --homes is given)
// Fault drills against the real estate-scheduler processes, PostgreSQL and an SMTP server (docs/reliability.md).
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
// The first-run drill has an estate of its own, 100,000 homes unless --homes says otherwise.
var firstRunHomes = Option("--homes", 100_000);
if (which == "first-run")
{
    Console.WriteLine($"drill: a landlord's first two nights, {firstRunHomes:N0} synthetic homes (seed 1), autovacuum off");
    var firstRun = await FirstRunDrill.RunAsync(firstRunHomes, Option("--explain", 0));
    Console.WriteLine();
    Console.WriteLine(firstRun.Row());
    foreach (var failure in firstRun.Failures)
    {
        Console.WriteLine($"  FAILED: {failure}");
    }

    return firstRun.Passed ? 0 : 1;
}

var homes = Option("--homes", 20_000);
var kills = Option("--kills", 10);
var runs = Option("--runs", 3);
var seed = Option("--seed", 1);
if (which is not ("kill-apply" or "kill-dispatch" or "pg-restart" or "pickup-unwritable" or "kill-node" or "smtp-down" or "all"))
{
    Console.Error.WriteLine("usage: drills [kill-apply|kill-dispatch|pg-restart|pickup-unwritable|kill-node|smtp-down|all] [--homes N] [--kills N] [--runs N] [--seed S]");
    Console.Error.WriteLine("       drills first-run [--homes N] [--explain MS]");
    return 2;
}

Console.WriteLine($"estate: {homes:N0} synthetic homes (seed 1); {kills} kills per drill (seed {seed})");
var estate = await DrillEstate.CreateAsync(homes);
Console.WriteLine($"reference apply (uninterrupted): {estate.Reference}; {await estate.FingerprintAsync(estate.Applied)}");
var results = new List<DrillResult>();
if (which is "kill-apply" or "all")
{
    Console.WriteLine("drill: SIGKILL mid-apply");
    results.Add(await KillApplyDrill.RunAsync(estate, kills, seed));
}

if (which is "kill-dispatch" or "all")
{
    Console.WriteLine("drill: SIGKILL mid-dispatch");
    results.Add(await KillDispatchDrill.RunAsync(estate, kills, seed));
}

if (which is "pg-restart" or "all")
{
    Console.WriteLine("drill: PostgreSQL restarted under a running worker");
    results.Add(await PgRestartDrill.RunAsync(estate, kills));
}

if (which is "pickup-unwritable" or "all")
{
    Console.WriteLine("drill: pickup folder unwritable");
    results.Add(await PickupUnwritableDrill.RunAsync(estate));
}

if (which is "kill-node" or "all")
{
    Console.WriteLine("drill: two nodes, one SIGKILLed");
    results.Add(await KillNodeDrill.RunAsync(estate, kills, seed));
}

if (which is "smtp-down" or "all")
{
    Console.WriteLine($"drill: SMTP server down for a simulated day ({runs} runs)");
    results.Add(await SmtpDownDrill.RunAsync(estate, runs, seed));
}

if (which == "all")
{
    // Last: it turns autovacuum off for the cluster while it runs.
    Console.WriteLine($"drill: a landlord's first two nights, {firstRunHomes:N0} synthetic homes (seed 1), autovacuum off");
    results.Add(await FirstRunDrill.RunAsync(firstRunHomes, Option("--explain", 0)));
}

Console.WriteLine();
Console.WriteLine("| drill | runs | lost | duplicated | notes | result |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var result in results)
{
    Console.WriteLine(result.Row());
    foreach (var failure in result.Failures)
    {
        Console.WriteLine($"  FAILED: {failure}");
    }
}

return results.All(r => r.Passed) ? 0 : 1;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
