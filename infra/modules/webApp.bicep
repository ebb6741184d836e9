// Linux App Service plan and the web app that runs the bot host (.NET 10), with the settings the host reads.

param planName string
param webAppName string
param location string
param tags object

@description('App Service plan size; Basic or higher, since the bot needs "always on".')
param planSku string

@minValue(1)
param instanceCount int

param identityResourceId string
param identityClientId string
param identityTenantId string

@description('Tenant id served by the bot (Coach:AllowedTenants:0): the deployment\'s tenant unless main.bicep is told otherwise.')
param allowedTenant string

@description('Key Vault secret URI of the PostgreSQL connection string.')
param connectionStringSecretUri string

@description('Key Vault URI (without version) of the key that signs download links.')
param exportLinkKeySecretUri string

param appInsightsConnectionString string

@minValue(1)
@maxValue(45)
param deliveryRequestsPerSecond int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

// Setting names use "__" for the ":" of .NET configuration keys (App Service on Linux allows no ":").
resource webApp 'Microsoft.Web/sites@2024-04-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references are resolved with the bot's identity, which holds "Key Vault Secrets User".
    keyVaultReferenceIdentity: identityResourceId
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      appCommandLine: 'dotnet TeamsKiCoach.Bot.dll'
      alwaysOn: true
      healthCheckPath: '/health'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        {
          name: 'ASPNETCORE_ENVIRONMENT'
          value: 'Production'
        }
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identityClientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identityTenantId
        }
        {
          name: 'Coach__AllowedTenants__0'
          value: allowedTenant
        }
        {
          name: 'Coach__Storage__Provider'
          value: 'Postgres'
        }
        {
          name: 'ConnectionStrings__Coach'
          value: '@Microsoft.KeyVault(SecretUri=${connectionStringSecretUri})'
        }
        {
          // Download links (backlog export) start with the app's own address.
          name: 'Coach__PublicBaseUrl'
          value: 'https://${webAppName}.azurewebsites.net'
        }
        {
          name: 'Coach__Export__LinkKey'
          value: '@Microsoft.KeyVault(SecretUri=${exportLinkKeySecretUri})'
        }
        {
          name: 'Coach__Delivery__RequestsPerSecond'
          value: string(deliveryRequestsPerSecond)
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          // App Service's own Application Insights agent: requests, dependencies and logs without an SDK in the host.
          name: 'ApplicationInsightsAgent_EXTENSION_VERSION'
          value: '~3'
        }
      ]
    }
  }
}

output webAppName string = webApp.name
output webAppResourceId string = webApp.id
output defaultHostName string = webApp.properties.defaultHostName
