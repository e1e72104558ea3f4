if (args is ["import", ..])
{
    return await Scheduler.Benchmarks.Apply.ImportBenchmark.RunAsync(args[1..]);
}

if (args is ["apply", ..])
{
    return await Scheduler.Benchmarks.Apply.ApplyBenchmark.RunAsync(args[1..]);
}

Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Scheduler.Benchmarks -- <benchmark>");
return 2;
