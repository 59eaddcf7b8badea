using System.Reflection;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Lookout.Functions;
using Lookout.Functions.Hosting;
using Lookout.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Lookout.Standalone;

/// <summary>
/// Runs one <see cref="QueuePoller"/> per queue-triggered function of the function app (Normalize on the raw
/// queue, DeliverAlert on the alerts queue), found by their <see cref="QueueTriggerAttribute"/> as the Worker
/// SDK finds them for functions.metadata.
/// </summary>
internal sealed class QueuePollers(
    IServiceProvider services, StorageClients storage, QueueTriggerSettings settings,
    IOptions<StandaloneOptions> options, IOptions<LookoutOptions> lookoutOptions, ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(QueueFunction.Discover().Select(function =>
        {
            var (queue, poison) = storage.QueuesFor(function.TriggerQueue);
            var poller = new QueuePoller(queue, poison, (message, ct) => function.InvokeAsync(services, message, ct),
                settings, options, lookoutOptions, loggers.CreateLogger<QueuePoller>());
            return poller.RunAsync(stoppingToken);
        }));
}

/// <summary>One queue-triggered function: a method taking (<see cref="QueueMessage"/>, CancellationToken) and returning a Task.</summary>
internal sealed record QueueFunction(string Name, string TriggerQueue, MethodInfo Method)
{
    public static IReadOnlyList<QueueFunction> Discover() => FunctionMethods.All.Select(From).OfType<QueueFunction>().ToList();

    public static QueueFunction? From(MethodInfo method) =>
        FunctionMethods.Triggered<QueueTriggerAttribute>(method, typeof(QueueMessage), "Queue") is var (name, trigger)
            ? new QueueFunction(name, trigger.QueueName, method)
            : null;

    public Task InvokeAsync(IServiceProvider services, QueueMessage message, CancellationToken cancellationToken) =>
        (Task)Method.Invoke(services.GetRequiredService(Method.DeclaringType!), [message, cancellationToken])!;
}

/// <summary>
/// Drives one queue function where no Functions host does, with the queue trigger's rules from
/// host.json: gets of up to batchSize messages, a new get once no more than newBatchThreshold are still
/// running, delete on success, on failure a retry after visibilityTimeout, and after maxDequeueCount attempts
/// the message moves whole (same stored text) to the poison queue. Empty polls back off up to maxPollingInterval.
/// A missing queue or table is not the message's fault: with <see cref="LookoutOptions.CreateResources"/> the
/// poller recreates its queue and poison queue (the table store recreates the table), and a message that failed
/// only because a resource was missing is put back as a fresh copy, so none of its attempts is spent on it.
/// </summary>
internal sealed class QueuePoller(
    QueueClient queue, QueueClient poisonQueue, Func<QueueMessage, CancellationToken, Task> function, QueueTriggerSettings settings,
    IOptions<StandaloneOptions> options, IOptions<LookoutOptions> lookoutOptions, ILogger<QueuePoller> logger)
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How soon a message that met a missing resource is tried again.</summary>
    internal static readonly TimeSpan ResourceRetryDelay = TimeSpan.FromSeconds(2);

    private bool CreateResources => lookoutOptions.Value.CreateResources;

    private TimeSpan ProcessingTimeout { get; } = TimeSpan.FromSeconds(options.Value.ProcessingTimeoutSeconds);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var running = new HashSet<Task>();
        var interval = MinPollingInterval;
        logger.LogInformation("Standalone poller watching queue {Queue} (batch {Batch}, threshold {Threshold}, {Attempts} attempts)",
            queue.Name, settings.BatchSize, settings.NewBatchThreshold, settings.MaxDequeueCount);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (running.Count > settings.NewBatchThreshold)
            {
                running.Remove(await Task.WhenAny(running));
                continue;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, ProcessingTimeout, stoppingToken)).Value;
            }
            catch (Exception e) when (MissingResource.IsMissing(e) && CreateResources && !stoppingToken.IsCancellationRequested)
            {
                // The raw queue was deleted under us: put it back (Ingest does the same on its side).
                logger.LogWarning("Queue {Queue} is missing; creating it again", queue.Name);
                messages = [];
                interval = MinPollingInterval;
                try { await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken); }
                catch (Exception c) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Creating queue {Queue} failed: {Error}", queue.Name, c.Message);
                    interval = settings.MaxPollingInterval;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Polling {Queue} failed: {Error}", queue.Name, e.Message);
                messages = [];
                interval = settings.MaxPollingInterval;
            }

            if (messages.Length == 0)
            {
                try { await Task.Delay(interval, stoppingToken); }
                catch (OperationCanceledException) { break; }
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }
            interval = MinPollingInterval;
            foreach (var message in messages)
                running.Add(HandleAsync(message, stoppingToken));
            running.RemoveWhere(t => t.IsCompleted);
        }
        await Task.WhenAll(running);
    }

    internal async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            // A message that kept crashing the process never reached the failure path below: count it here.
            // Dequeues beyond maxDequeueCount without a failure mean crashes or kills (a storage outage while
            // settling, a kill -9 during a backlog), so the message gets one last real attempt first.
            if (message.DequeueCount > settings.MaxDequeueCount + 1)
            {
                await PoisonAsync(message, message.PopReceipt, "dequeued more often than allowed", cancellationToken);
                return;
            }
            await using var lease = new MessageLease(queue, message, ProcessingTimeout);
            try
            {
                await function(message, cancellationToken);
            }
            catch (StorageResourceMissingException e) when (!cancellationToken.IsCancellationRequested)
            {
                await lease.StopAsync();
                logger.LogWarning("Message {MessageId} waits for {Resource}: {Error}", message.MessageId, e.Resource, e.Message);
                await RequeueAsync(message, lease.PopReceipt, cancellationToken);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await lease.StopAsync();
                logger.LogWarning(e, "Message {MessageId} failed (attempt {Attempt} of {Max})",
                    message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
                if (message.DequeueCount >= settings.MaxDequeueCount)
                    await PoisonAsync(message, lease.PopReceipt, e.Message, cancellationToken);
                else
                    await queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt,
                        visibilityTimeout: settings.VisibilityTimeout, cancellationToken: cancellationToken);
                return;
            }
            await lease.StopAsync();
            await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage trouble while settling: the message reappears after its processing timeout.
            logger.LogWarning("Settling message {MessageId} failed: {Error}", message.MessageId, e.Message);
        }
    }

    /// <summary>
    /// Puts the message back as a fresh copy (dequeue count 0), visible after <see cref="ResourceRetryDelay"/>,
    /// then deletes the original: the dequeue count cannot be reset otherwise. If the delete fails the message
    /// is processed twice, which rewrites the same rows.
    /// </summary>
    private async Task RequeueAsync(QueueMessage message, string popReceipt, CancellationToken cancellationToken)
    {
        await queue.SendMessageAsync(message.Body, visibilityTimeout: ResourceRetryDelay, cancellationToken: cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
    }

    private async Task PoisonAsync(QueueMessage message, string popReceipt, string reason, CancellationToken cancellationToken)
    {
        // Both clients encode base64, so the poison message's stored text equals the original's.
        try
        {
            await poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (MissingResource.IsMissing(e) && CreateResources)
        {
            // Without this the message would loop: the send fails, the message reappears, and each
            // reappearance counts as one more dequeue.
            logger.LogWarning("Queue {PoisonQueue} is missing; creating it again", poisonQueue.Name);
            await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        }
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
        logger.LogError("Message {MessageId} moved to {PoisonQueue}: {Reason}", message.MessageId, poisonQueue.Name, reason);
    }
}
