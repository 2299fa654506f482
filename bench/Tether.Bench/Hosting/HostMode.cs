namespace Tether.Bench.Hosting;

/// <summary>
/// Where bench servers run. <see cref="Process"/> (the default) gives each server its own process, so its memory and CPU
/// are its own and it gets its own file-descriptor budget; <see cref="InProcess"/> is for the smoke test.
/// </summary>
internal enum HostMode
{
    Process,
    InProcess,
}
