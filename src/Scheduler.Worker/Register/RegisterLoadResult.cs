using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Register;

/// <summary>
/// The outcome of reading the estate register: the register when every file was read without a problem,
/// otherwise null and every problem found (file, line, column, message, value found, accepted forms), in file
/// order and, within a file, in line order.
/// </summary>
public sealed record RegisterLoadResult(EstateRegister? Register, IReadOnlyList<ConfigProblem> Problems)
{
    /// <summary>True when the register was read and <see cref="Register"/> is not null.</summary>
    public bool Succeeded => Register is not null;
}
