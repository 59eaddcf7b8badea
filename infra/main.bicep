// Lookout on Azure Functions Flex Consumption (FC1) as a .NET 10 isolated worker app, keyless: the app
// reaches Storage and Application Insights with its system-assigned managed identity only.
// Structure follows Azure-Samples/azure-functions-flex-consumption-samples (IaC/bicep).
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to derive resource names.')
param environmentName string

@minLength(1)
@description('Azure region for all resources.')
param location string = resourceGroup().location

@description('Optional: principal id of the deploying user (azd sets AZURE_PRINCIPAL_ID) to get data roles on the storage account for viewing reports.')
param principalId string = ''

@description('Origins allowed to POST reports, comma separated (platform CORS on Flex Consumption answers preflights). "*" allows any. azd maps LOOKOUT_ALLOWED_ORIGINS to it (main.parameters.json).')
param allowedOrigins string = '*'

@allowed([
  512
  2048
  4096
])
@description('Flex Consumption instance memory size in MB.')
param instanceMemoryMB int = 512

@minValue(40)
@maxValue(1000)
@description('Flex Consumption maximum instance count.')
param maximumInstanceCount int = 100

@minValue(0)
@maxValue(1000)
@description('HTTP trigger invocations per instance (Flex perInstanceConcurrency); 0 keeps the platform default, which follows the instance memory. docs/capacity.md: 50,000 reports/s with ingestPutsPerSecond 3 needs 200 or more.')
param httpPerInstanceConcurrency int = 0

@description('Largest report body accepted (bytes); larger answers 413. azd maps LOOKOUT_MAX_BODY_BYTES to it.')
param maxBodyBytes int = 1048576

@minValue(0)
@description('Rows stored per issue (day, type, fingerprint); further reports of it are only counted in the digest. 0: no cap. azd maps LOOKOUT_MAX_ROWS_PER_ISSUE_PER_DAY to it.')
param maxRowsPerIssuePerDay int = 100

@description('Optional: user noise rules, e.g. "ads: drop when blocked-host ~ *.doubleclick.net; fonts: flag when directive = font-src and blocked = data" (README, Triage). A bad rule stops the app at startup. azd maps LOOKOUT_NOISE_RULES to it.')
param noiseRules string = ''

@description('Store no rows for noise (built-in detectors or flag rules); the digest still counts it. azd maps LOOKOUT_DROP_NOISE to it.')
param dropNoise bool = false

@description('Optional: per site tag, the document hosts its reports may be about and a budget of reports per minute beyond which rows are sampled, e.g. "shop: hosts=shop.example,*.shop.example budget=600; *: hosts=example.org" (docs/configuration.md, Site limits). A bad entry stops the app at startup. azd maps LOOKOUT_SITES to it.')
param sites string = ''

@minValue(0)
@description('Distinct issues one delivery (queue message) may add; reports of further issues are counted in one over-issue-cap issue per type, with no row. 0: no cap. azd maps LOOKOUT_MAX_ISSUES_PER_DELIVERY to it.')
param maxIssuesPerDelivery int = 50

@minValue(1)
@maxValue(64)
@description('Shards of the digest day partition (docs/capacity.md): 1 by default, 64 for 50,000 reports/s. azd maps LOOKOUT_DIGEST_SHARDS to it.')
param digestShards int = 1

@minValue(0)
@description('Queue puts per second one instance makes at most under load; keep it times maximumInstanceCount at or below 400, a fifth of the 2,000 messages/s a queue takes: 3 with 100 instances (docs/capacity.md). azd maps LOOKOUT_INGEST_PUTS_PER_SECOND to it.')
param ingestPutsPerSecond int = 50

@allowed([
  'none'
  'secrets'
  'query'
])
@description('What is removed from stored URLs, Body and Raw: secrets (secret-looking query parameter values, the default), query (every query string and fragment) or none. azd maps LOOKOUT_SCRUB to it.')
param scrub string = 'secrets'

@minValue(0)
@description('Days of report rows and digest entities kept (today included); the daily Retention function deletes older days. 0: keep forever. azd maps LOOKOUT_RETENTION_DAYS to it.')
param retentionDays int = 30

@description('Optional: e-mail address told when a new issue appears (a fingerprint not seen in the previous 7 days). Empty: no alert rule. azd maps LOOKOUT_NEW_ISSUE_EMAIL to it.')
param newIssueAlertEmail string = ''

@description('Optional: client id of an Entra ID app registration; when set, App Service Authentication asks for Entra ID sign-in before the dashboard and the read API (function keys are still required). Ingest and health stay anonymous. Empty: off. azd maps LOOKOUT_DASHBOARD_ENTRA_CLIENT_ID to it.')
param dashboardEntraClientId string = ''

@secure()
@description('Key of the HMAC that signs the read API\'s page tokens, the same on every instance. Default: a new GUID per deployment (tokens do not outlive a deployment). Never commit one.')
param pageTokenSecret string = newGuid()

@maxLength(3)
@description('Optional webhook alert targets (docs/alerts.md), up to 3, each an object: { format: \'slack\' | \'teams\' | \'json\', types: \'\' (comma separated, empty: all), sites: \'\', minReach: 0 }. Target n reads its URL from the Key Vault secret alert-target-<n>-url (set from alertWebhookUrls, or by hand).')
param alertTargets array = []

@secure()
@description('Optional: the webhook URLs of alertTargets, in order, separated by spaces. Stored only as Key Vault secrets alert-target-<n>-url; the app setting holds a Key Vault reference, so no URL appears in app settings, logs or outputs. Empty: set the secrets yourself.')
param alertWebhookUrls string = ''

@description('Alerts one webhook target gets per hour; the rest are summed up in one summary alert when the hour ends.')
param alertMaxPerHour int = 20

@description('Hours without reports after which a site that reported on each of the last 7 days raises a silence alert.')
param alertSilenceHours int = 6

@secure()
@description('Optional: the write key for POST /api/triage and the dashboard\'s triage buttons (docs/alerts.md), kept in Key Vault (secret lookout-write-key). Empty: writes are refused.')
param writeKey string = ''

// Names shared with the code: Normalize's [QueueTrigger("lookout-raw")] and the LookoutOptions defaults.
// The host moves a message that failed maxDequeueCount times (host.json extensions.queues) to
// '<queue>-poison'; it is created here so it can be peeked before the first failure.
var rawQueueName = 'lookout-raw'
var poisonQueueName = 'lookout-raw-poison'
var reportsTableName = 'reports'
var issuesTableName = 'issues'
// DeliverAlert's [QueueTrigger("lookout-alerts")], its poison queue, triage state and alert delivery state.
var alertsQueueName = 'lookout-alerts'
var alertsPoisonQueueName = 'lookout-alerts-poison'
var triageTableName = 'triage'
var alertsTableName = 'alerts'

// Flex Consumption sets the language stack here, not through app settings. dotnet-isolated 10.0 is a
// listed Flex runtime (docs/deploy-review.md has the pages).
var functionsRuntime = {
  name: 'dotnet-isolated'
  version: '10.0'
}

// allowedOrigins as a list, entries trimmed, empty entries dropped.
var allowedOriginList = filter(map(split(allowedOrigins, ','), origin => trim(origin)), origin => !empty(origin))

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var appName = 'func-lookout-${resourceToken}'
var storageAccountName = 'stlookout${take(resourceToken, 13)}'
var vaultName = 'kv-lookout-${take(resourceToken, 13)}'
var deploymentContainerName = 'app-package-${take(appName, 32)}-${take(resourceToken, 7)}'

// Built-in role definition ids.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

// ---------- Monitoring ----------
resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-lookout-${resourceToken}'
  location: location
  tags: tags
  properties: {
    retentionInDays: 30
    sku: {
      name: 'PerGB2018'
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-lookout-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

// ---------- Storage ----------
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource rawQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: rawQueueName
}

resource poisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: poisonQueueName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource reportsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: reportsTableName
}

// The digest: one entity per UTC day, type and fingerprint, with counts (separate from the report rows so
// the hot digest partition and the report partitions do not share a throughput target).
resource issuesTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: issuesTableName
}

resource alertsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: alertsQueueName
}

resource alertsPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: alertsPoisonQueueName
}

resource triageTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: triageTableName
}

resource alertsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: alertsTableName
}

// ---------- Key Vault: webhook URLs and the write key ----------
// Secrets reach the app only as Key Vault references in app settings, resolved by the platform with the
// app's identity (Key Vault Secrets User); they are never template outputs nor plain app settings.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource alertUrlSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for (target, i) in alertTargets: if (!empty(alertWebhookUrls)) {
  parent: vault
  name: 'alert-target-${i}-url'
  properties: {
    value: split(alertWebhookUrls, ' ')[i]
  }
}]

resource writeKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(writeKey)) {
  parent: vault
  name: 'lookout-write-key'
  properties: {
    value: writeKey
  }
}

// ---------- Plan + function app ----------
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-lookout-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, {
    'azd-service-name': 'lookout'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: allowedOriginList
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: union({
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }, httpPerInstanceConcurrency > 0 ? { triggers: { http: { perInstanceConcurrency: httpPerInstanceConcurrency } } } : {})
      runtime: functionsRuntime
    }
  }
  dependsOn: [
    deploymentContainer
  ]
}

// App settings as a child resource, applied after the role assignments exist. Settings that Flex
// Consumption deprecates are deliberately absent (functions-app-settings "Flex Consumption plan
// deprecations"): FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_WORKER_RUNTIME_VERSION (functionAppConfig.runtime),
// FUNCTIONS_EXTENSION_VERSION (set by the platform), WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENTSHARE and
// WEBSITE_CONTENTAZUREFILECONNECTIONSTRING (functionAppConfig.deployment).
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Identity-based host storage (blob for host leases/keys, queue for the trigger, table for our writes).
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    AzureWebJobsStorage__credential: 'managedidentity'
    // Telemetry with Entra ID only (local auth is off): the host reads AUTHENTICATION_STRING; the
    // worker's OpenTelemetry exporter is given a ManagedIdentityCredential in Program.cs.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    // Lookout settings (Lookout.Functions/LookoutOptions.cs; docs/configuration.md). QueueName pins
    // Ingest to the queue Normalize's trigger reads.
    Lookout__QueueName: rawQueueName
    Lookout__TableName: reportsTableName
    Lookout__IssuesTableName: issuesTableName
    Lookout__MaxRowsPerIssuePerDay: string(maxRowsPerIssuePerDay)
    Lookout__NoiseRules: noiseRules
    Lookout__DropNoise: string(dropNoise)
    Lookout__Sites: sites
    Lookout__MaxIssuesPerDelivery: string(maxIssuesPerDelivery)
    Lookout__DigestShards: string(digestShards)
    Lookout__IngestPutsPerSecond: string(ingestPutsPerSecond)
    Lookout__Scrub: scrub
    Lookout__RetentionDays: string(retentionDays)
    Lookout__CreateResources: 'false'
    Lookout__AllowedOrigins: join(allowedOriginList, ',')
    Lookout__CorsMaxAgeSeconds: '86400'
    Lookout__MaxBodyBytes: string(maxBodyBytes)
    Lookout__RetryAfterSeconds: '10'
    Lookout__PageTokenSecret: pageTokenSecret
    // The dashboard's set-up page hands out headers for this URL.
    Lookout__PublicReportUrl: reportUrl
    // Alerts and triage (docs/alerts.md). QueueName pins alerts to DeliverAlert's trigger queue.
    Lookout__TriageTableName: triageTableName
    Lookout__AlertsTableName: alertsTableName
    Lookout__Alerts__QueueName: alertsQueueName
    Lookout__Alerts__DashboardUrl: 'https://${functionApp.properties.defaultHostName}/api/dashboard'
    Lookout__Alerts__MaxPerHour: string(alertMaxPerHour)
    Lookout__Alerts__SilenceHours: string(alertSilenceHours)
    Lookout__WriteKey: empty(writeKey) ? '' : '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=lookout-write-key)'
    // Webhook targets 0-2 (more: add app settings by hand). The URL is a Key Vault reference, never the value;
    // a slot without a target gets an empty URL, which the app reads as no target.
    Lookout__Alerts__Targets__0__Url: length(alertTargets) > 0 ? '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=alert-target-0-url)' : ''
    Lookout__Alerts__Targets__0__Format: alertTargets[?0].?format ?? 'json'
    Lookout__Alerts__Targets__0__Types: alertTargets[?0].?types ?? ''
    Lookout__Alerts__Targets__0__Sites: alertTargets[?0].?sites ?? ''
    Lookout__Alerts__Targets__0__MinReach: string(alertTargets[?0].?minReach ?? 0)
    Lookout__Alerts__Targets__1__Url: length(alertTargets) > 1 ? '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=alert-target-1-url)' : ''
    Lookout__Alerts__Targets__1__Format: alertTargets[?1].?format ?? 'json'
    Lookout__Alerts__Targets__1__Types: alertTargets[?1].?types ?? ''
    Lookout__Alerts__Targets__1__Sites: alertTargets[?1].?sites ?? ''
    Lookout__Alerts__Targets__1__MinReach: string(alertTargets[?1].?minReach ?? 0)
    Lookout__Alerts__Targets__2__Url: length(alertTargets) > 2 ? '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=alert-target-2-url)' : ''
    Lookout__Alerts__Targets__2__Format: alertTargets[?2].?format ?? 'json'
    Lookout__Alerts__Targets__2__Types: alertTargets[?2].?types ?? ''
    Lookout__Alerts__Targets__2__Sites: alertTargets[?2].?sites ?? ''
    Lookout__Alerts__Targets__2__MinReach: string(alertTargets[?2].?minReach ?? 0)
  }
  dependsOn: [
    blobOwner
    queueContributor
    tableContributor
    metricsPublisher
    vaultSecretsUser
    alertUrlSecrets
    writeKeySecret
  ]
}

// ---------- Role assignments for the app's identity ----------
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageBlobDataOwnerRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageQueueDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributorRoleId)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionApp.id, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault references in app settings resolve with the app's identity.
resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionApp.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Optional: the deploying user can set and rotate webhook URLs and the write key.
resource userVaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, keyVaultSecretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
    principalId: principalId
    principalType: 'User'
  }
}

// Optional: the deploying user can read reports (Storage Browser, az ... --auth-mode login).
resource userTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(storage.id, principalId, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: principalId
    principalType: 'User'
  }
}

resource userQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(storage.id, principalId, storageQueueDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributorRoleId)
    principalId: principalId
    principalType: 'User'
  }
}

// ---------- New-issue alert (optional) ----------
// Normalize logs the structured event NewIssue (EventId 1001) once per new problem (its issue-level entity is
// created), at most Lookout__NewIssueAlertsPerHour per hour per instance, the rest in one "NewIssue summary"
// event (EventId 1002); the worker exports both as traces whose message starts "NewIssue".
var alertOnNewIssues = !empty(newIssueAlertEmail)

resource newIssueActionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (alertOnNewIssues) {
  name: 'ag-lookout-${resourceToken}'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'lookout'
    enabled: true
    emailReceivers: [
      {
        name: 'new-issue-email'
        emailAddress: newIssueAlertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource newIssueAlert 'Microsoft.Insights/scheduledQueryRules@2021-08-01' = if (alertOnNewIssues) {
  name: 'alert-lookout-new-issue-${resourceToken}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Lookout: new issue'
    description: 'A report fingerprint appeared that was not seen in the previous 7 days (Lookout NewIssue event).'
    severity: 3
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'traces | where message startswith "NewIssue "'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: [
        newIssueActionGroup.id
      ]
    }
  }
}

// Optional Entra ID sign-in (App Service Authentication, "Easy Auth") in front of everything but ingest and
// health: browsers and NEL/Reporting API uploads carry no sign-in, so /api/reports must stay open, and so
// must the health probe. It adds to the function keys, it does not replace them (docs/deploy.md).
// Schema: Microsoft.Web sites/config 'authsettingsV2' (docs/deploy-review.md).
var dashboardSignIn = !empty(dashboardEntraClientId)

resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = if (dashboardSignIn) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/api/reports'
        '/api/health'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: dashboardEntraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${dashboardEntraClientId}'
            dashboardEntraClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

// ---------- Outputs ----------
var reportUrl = 'https://${functionApp.properties.defaultHostName}/api/reports'

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_FUNCTION_APP_NAME string = functionApp.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
output AZURE_KEY_VAULT_NAME string = vault.name
output APPLICATIONINSIGHTS_NAME string = appInsights.name
output LOOKOUT_REPORT_URL string = reportUrl
// Open it with #key=<function key> once (docs/deploy.md, "Dashboard").
output LOOKOUT_DASHBOARD_URL string = 'https://${functionApp.properties.defaultHostName}/api/dashboard'
// The same headers as the dashboard's set-up page and ./run-local.sh --https (Lookout.Functions/Dashboard/SiteHeaders.cs;
// a test compares them). Group "default": deprecation, intervention and crash reports go to that endpoint only.
output LOOKOUT_HEADER_REPORTING_ENDPOINTS string = 'Reporting-Endpoints: default="${reportUrl}"'
output LOOKOUT_HEADER_CSP string = 'Content-Security-Policy-Report-Only: default-src \'self\'; report-uri ${reportUrl}; report-to default'
output LOOKOUT_HEADER_REPORT_TO string = 'Report-To: {"group":"default","max_age":10886400,"endpoints":[{"url":"${reportUrl}"}]}'
output LOOKOUT_HEADER_NEL string = 'NEL: {"report_to":"default","max_age":2592000,"success_fraction":0.0,"failure_fraction":1.0}'
