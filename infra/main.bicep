// TeamsKiCoach in Azure: the bot host on App Service (Linux, .NET 10) with a user-assigned managed identity as
// its bot identity, PostgreSQL for the coaching data, the connection string in Key Vault, Application Insights,
// and the Azure Bot registration with the Teams channel.
//
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.parameters.json \
//     -p postgresAdminPassword="$POSTGRES_ADMIN_PASSWORD"

targetScope = 'resourceGroup'

@minLength(3)
@maxLength(12)
@description('Short lower-case name every resource name starts with, e.g. "kicoach".')
param resourceBaseName string

@description('Azure region of the resources (the bot registration itself is global).')
param location string = resourceGroup().location

// The bot's identity is a user-assigned managed identity, which belongs to the tenant of this deployment; Teams lets
// only that tenant use such a bot. So the bot serves that tenant. Serving several companies needs a multitenant app
// registration instead (infra/README.md, "Tenancy: one company or several").
@description('Tenant id whose Teams activities the bot serves (Coach:AllowedTenants:0). Empty (the default): the tenant of this deployment, the only one that can reach a bot with a managed identity. Name another only for a web app switched to a multitenant app registration.')
param allowedTenant string = ''

@description('Display name of the Azure Bot registration.')
param botDisplayName string = 'TeamsKiCoach'

@allowed([
  'F0'
  'S1'
])
@description('Azure Bot pricing tier; Teams messages are free on both.')
param botSku string = 'F0'

@description('App Service plan size; Basic (B1) or higher, since the bot needs "always on".')
param appServicePlanSku string = 'B1'

@minValue(1)
@maxValue(10)
@description('Web app instances; more than one share the PostgreSQL database.')
param appInstanceCount int = 1

@minValue(1)
@maxValue(45)
@description('Proactive sends per second per tenant (Coach:Delivery:RequestsPerSecond); Teams allows 50.')
param deliveryRequestsPerSecond int = 20

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'coachadmin'

@secure()
@minLength(12)
@description('PostgreSQL administrator password, without ; or quotes (it goes into a connection string). Never in a parameters file: pass it at deploy time.')
param postgresAdminPassword string

@secure()
@description('Key that signs backlog download links; a new random one on every deployment unless given (links live minutes, so a new key only ends the links open at that moment).')
param exportLinkKey string = base64('${newGuid()}${newGuid()}')

param postgresSkuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@minValue(32)
param postgresStorageSizeGB int = 32

param tags object = {
  application: 'TeamsKiCoach'
}

// Globally unique names (web app host name, database server, vault) get a suffix stable per resource group.
// Names are lower case (PostgreSQL and web app host names require it).
var baseName = toLower(resourceBaseName)
var suffix = uniqueString(resourceGroup().id)
var uniqueName = '${baseName}-${take(suffix, 6)}'
var databaseName = 'coach'
var servedTenant = empty(allowedTenant) ? tenant().tenantId : allowedTenant
var connectionStringSecretName = 'ConnectionStrings--Coach'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-identity'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    namePrefix: baseName
    location: location
    tags: tags
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    serverName: '${uniqueName}-pg'
    location: location
    tags: tags
    administratorLogin: postgresAdminLogin
    administratorPassword: postgresAdminPassword
    databaseName: databaseName
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    // At most 24 characters: 3 + 7 + 1 + 13.
    vaultName: 'kv-${take(baseName, 7)}-${suffix}'
    location: location
    tags: tags
    readerPrincipalId: identity.properties.principalId
    connectionStringSecretName: connectionStringSecretName
    exportLinkKey: exportLinkKey
    connectionString: 'Host=${postgres.outputs.fullyQualifiedDomainName};Database=${databaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};Ssl Mode=Require'
  }
}

module web 'modules/webApp.bicep' = {
  name: 'webApp'
  params: {
    planName: '${baseName}-plan'
    webAppName: '${uniqueName}-app'
    location: location
    tags: tags
    planSku: appServicePlanSku
    instanceCount: appInstanceCount
    identityResourceId: identity.id
    identityClientId: identity.properties.clientId
    identityTenantId: identity.properties.tenantId
    allowedTenant: servedTenant
    connectionStringSecretUri: keyVault.outputs.connectionStringSecretUri
    exportLinkKeySecretUri: keyVault.outputs.exportLinkKeySecretUri
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    deliveryRequestsPerSecond: deliveryRequestsPerSecond
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: '${uniqueName}-bot'
    displayName: botDisplayName
    tags: tags
    identityResourceId: identity.id
    identityClientId: identity.properties.clientId
    identityTenantId: identity.properties.tenantId
    botDomain: web.outputs.defaultHostName
    sku: botSku
  }
}

// Names as the Agents Toolkit's arm/deploy writes them into infra/env/.env.<env>, and as appPackage/build.mjs
// and the deploy step read them.
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = web.outputs.defaultHostName
output BOT_ENDPOINT string = bot.outputs.endpoint
output BOT_SERVICE_NAME string = bot.outputs.botName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.outputs.webAppResourceId
output WEB_APP_NAME string = web.outputs.webAppName
output RESOURCE_GROUP string = resourceGroup().name
output KEY_VAULT_NAME string = keyVault.outputs.vaultName
output POSTGRES_SERVER_NAME string = postgres.outputs.serverName
output POSTGRES_SERVER_FQDN string = postgres.outputs.fullyQualifiedDomainName
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
