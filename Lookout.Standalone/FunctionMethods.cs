using System.Reflection;
using Lookout.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Standalone;

/// <summary>The function app's functions as the Worker SDK finds them for functions.metadata: its <see cref="FunctionAttribute"/> methods.</summary>
internal static class FunctionMethods
{
    public static IEnumerable<MethodInfo> All =>
        typeof(LookoutServices).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null);

    /// <summary>
    /// The function's name and its trigger of type <typeparamref name="TTrigger"/>, or null when it has another trigger.
    /// One the standalone host runs must take (<paramref name="argument"/>, CancellationToken) and return a Task.
    /// </summary>
    public static (string Name, TTrigger Trigger)? Triggered<TTrigger>(MethodInfo method, Type argument, string kind) where TTrigger : Attribute
    {
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<TTrigger>()).FirstOrDefault(a => a is not null);
        if (trigger is null)
            return null;
        var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
        if (method.GetParameters() is not [{ ParameterType: var first }, { ParameterType: var second }] || first != argument
            || second != typeof(CancellationToken) || method.ReturnType != typeof(Task))
            throw new InvalidOperationException($"{kind} function {name} must take ({argument.Name}, CancellationToken) and return Task to run standalone.");
        return (name, trigger);
    }
}
