using Tether.Bench;

return await BenchProgram.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
