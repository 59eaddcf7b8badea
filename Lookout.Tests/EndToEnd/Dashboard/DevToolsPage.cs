using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lookout.Tests.Browser;

namespace Lookout.Tests.Dashboard;

/// <summary>
/// One page of a <see cref="ChromiumBrowser"/> driven over the DevTools protocol: navigate, evaluate
/// JavaScript, wait for a condition in the page, take screenshots, and collect every console error,
/// uncaught exception and error log entry (failed loads included) the page produces.
/// </summary>
public sealed class DevToolsPage : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<DevToolsPage> AttachAsync(ChromiumBrowser browser, string urlPart, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var port = await browser.DevToolsPortAsync(timeout);
        using var http = new HttpClient();
        string? wsUrl = null;
        while (wsUrl is null)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", cts.Token));
            wsUrl = doc.RootElement.EnumerateArray()
                .Where(t => t.GetProperty("type").GetString() == "page" && (t.GetProperty("url").GetString() ?? "").Contains(urlPart, StringComparison.Ordinal))
                .Select(t => t.GetProperty("webSocketDebuggerUrl").GetString()).FirstOrDefault();
            if (wsUrl is null) await Task.Delay(50, cts.Token);
        }
        var page = new DevToolsPage();
        await page._socket.ConnectAsync(new Uri(wsUrl), cts.Token);
        page._receiving = page.ReceiveAsync();
        await page.SendAsync("Runtime.enable");
        await page.SendAsync("Log.enable");
        await page.SendAsync("Page.enable");
        await page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1280, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return page;
    }

    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _send.WaitAsync();
        try { await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token); }
        finally { _send.Release(); }
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Evaluates <paramref name="expression"/> (awaiting a promise) and returns its JSON value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true, ["userGesture"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out var failure))
            throw new InvalidOperationException($"{expression} threw: {failure}");
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    public async Task<string?> TextAsync(string expression) => (await EvaluateAsync(expression)) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    /// <summary>Waits until <paramref name="condition"/> is truthy in the page.</summary>
    public async Task WaitForAsync(string condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            // While the page loads, the document may not be there yet or the context may go away: not yet, not a failure.
            JsonElement value = default;
            try { value = await EvaluateAsync($"(() => {{ try {{ return !!({condition}); }} catch {{ return false; }} }})()"); }
            catch (InvalidOperationException) { }
            if (value.ValueKind == JsonValueKind.True)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what} ({condition}); page: {await TextAsync("location.href + ' ' + document.body.innerText.slice(0, 500)")}; errors: {string.Join(" | ", Errors)}");
            await Task.Delay(50);
        }
    }

    public Task NavigateAsync(string url) => SendAsync("Page.navigate", new JsonObject { ["url"] = url });

    /// <summary>A PNG of the whole page (the viewport grown to the document's height).</summary>
    public async Task<byte[]> ScreenshotAsync(string path)
    {
        var height = Math.Clamp((await EvaluateAsync("document.documentElement.scrollHeight")).GetInt32(), 600, 4000);
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1280, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1280, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var bytes = Convert.FromBase64String(shot.GetProperty("data").GetString()!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
        return bytes;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var read = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (read.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, read.Count);
                if (!read.EndOfMessage)
                    continue;
                using (var doc = JsonDocument.Parse(message.ToArray()))
                    Dispatch(doc.RootElement);
                message.SetLength(0);
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
        foreach (var pending in _pending.Values)
            pending.TrySetException(new InvalidOperationException("The DevTools connection closed."));
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id))
        {
            if (_pending.TryRemove(id.GetInt32(), out var answer))
            {
                if (message.TryGetProperty("error", out var error))
                    answer.TrySetException(new InvalidOperationException(error.ToString()));
                else
                    answer.TrySetResult(message.GetProperty("result").Clone());
            }
            return;
        }
        var method = message.GetProperty("method").GetString();
        var p = message.GetProperty("params");
        switch (method)
        {
            case "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() is "error" or "assert":
                Errors.Enqueue("console: " + string.Join(" ", p.GetProperty("args").EnumerateArray().Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.GetProperty("type").GetString())));
                break;
            case "Runtime.exceptionThrown":
                Errors.Enqueue("exception: " + p.GetProperty("exceptionDetails").ToString());
                break;
            case "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error":
                Errors.Enqueue("log: " + p.GetProperty("entry").GetProperty("text").GetString() + " " + (p.GetProperty("entry").TryGetProperty("url", out var u) ? u.GetString() : ""));
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _receiving; } catch (Exception) { }
        _socket.Dispose();
        _stop.Dispose();
        _send.Dispose();
    }
}
