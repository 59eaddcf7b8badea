using System.Reflection;
using Lookout.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Lookout.Standalone;

/// <summary>
/// Maps every HTTP-triggered function of the function app to the route and methods its
/// <see cref="HttpTriggerAttribute"/> declares, the same declaration the Worker SDK turns into
/// functions.metadata. So the standalone host serves exactly what the Functions app serves, no more.
/// </summary>
internal static class HttpFunctionRoutes
{
    public static IReadOnlyList<HttpFunction> Discover() => FunctionMethods.All.Select(HttpFunction.From).OfType<HttpFunction>().ToList();

    public static void MapHttpFunctions(this WebApplication app, string routePrefix)
    {
        var authorization = ReadAuthorization.From(app.Configuration);
        foreach (var function in Discover())
        {
            var route = "/" + string.Join('/', new[] { routePrefix, function.Route }.Where(p => p.Length > 0));
            app.MapMethods(route, function.Methods, (HttpContext context) => function.InvokeAsync(context, authorization)).WithName(function.Name);
        }
    }
}

/// <summary>One HTTP function: a method taking the <see cref="HttpRequest"/> and returning an <see cref="IResult"/>,
/// with the authorization level its trigger declares (enforced by <see cref="ReadAuthorization"/>).</summary>
internal sealed record HttpFunction(string Name, string Route, string[] Methods, MethodInfo Method, AuthorizationLevel Level)
{
    public static HttpFunction? From(MethodInfo method)
    {
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
        if (trigger is null)
            return null;
        var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
        if (method.GetParameters() is not [{ ParameterType: var only }] || only != typeof(HttpRequest) || method.ReturnType != typeof(Task<IResult>))
            throw new InvalidOperationException($"HTTP function {name} must take one HttpRequest and return Task<IResult> to run standalone.");
        var methods = (trigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray();
        return new HttpFunction(name, trigger.Route ?? name, methods, method, trigger.AuthLevel);
    }

    public async Task InvokeAsync(HttpContext context, ReadAuthorization authorization)
    {
        if (authorization.Refusal(Level, context) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }
        var instance = context.RequestServices.GetRequiredService(Method.DeclaringType!);
        var result = await (Task<IResult>)Method.Invoke(instance, [context.Request])!;
        await result.ExecuteAsync(context);
    }
}
