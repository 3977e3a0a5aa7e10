// Service Bus carries training jobs from the Functions app to the trainer job. Basic tier: queues only, billed per
// operation, no base charge, so an idle pipeline costs nothing here. Local (SAS) auth is off: Entra ID only.
param name string
param location string
param tags object
param queueName string = 'training-jobs'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
    tier: 'Basic'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    // The worker renews the lock while it trains; 5 minutes is the Service Bus maximum.
    lockDuration: 'PT5M'
    maxDeliveryCount: 5
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P7D'
    requiresSession: false
    requiresDuplicateDetection: false
    enablePartitioning: false
  }
}

output id string = namespace.id
output name string = namespace.name
output queueName string = queue.name
// {namespace}.servicebus.windows.net: the host of the endpoint the service reports (https://host:443/), not a hard-coded suffix.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
