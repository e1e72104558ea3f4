Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Scheduler.Benchmarks -- <benchmark>");
return 2;
