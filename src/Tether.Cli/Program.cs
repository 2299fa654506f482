using Tether.Cli;

return await TetherCli.RunAsync(args);
