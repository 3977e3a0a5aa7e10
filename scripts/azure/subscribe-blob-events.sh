#!/bin/sh
# azd postdeploy hook (also runnable by hand after deploying the function code): creates the Event Grid
# subscriptions that feed the ConvertToOnnx and ScoreBatch blob triggers (Source = EventGrid).
#
# Why after the deploy: Event Grid validates a webhook when the subscription is created, and the blob extension's
# webhook (/runtime/webhooks/blobs, authorised by the blobs_extension system key) exists only once the deployed
# host has started with the blob trigger loaded. So: wake the host, wait for the key, then deploy
# infra/modules/blob-events.bicep, the same module main.bicep includes when subscribeBlobEvents is true.
#
# Reads the azd environment: AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, FUNCTION_APP_URL,
# EVENT_GRID_SYSTEM_TOPIC_NAME (outputs of infra/main.bicep). Needs the Azure CLI, signed in.
set -eu

: "${AZURE_RESOURCE_GROUP:?run azd provision first (or export the outputs of infra/main.bicep)}"
: "${AZURE_FUNCTION_APP_NAME:?}"
: "${FUNCTION_APP_URL:?}"
: "${EVENT_GRID_SYSTEM_TOPIC_NAME:?}"
root=$(cd "$(dirname "$0")/../.." && pwd)

echo "Waking $FUNCTION_APP_URL so the host loads the blob extension..."
curl -s -o /dev/null --max-time 120 "$FUNCTION_APP_URL/api/health" || true

key=""
attempt=0
while [ -z "$key" ] && [ "$attempt" -lt 30 ]; do
  attempt=$((attempt + 1))
  key=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" -o tsv 2>/dev/null || true)
  if [ -z "$key" ]; then
    sleep 10
  fi
done
if [ -z "$key" ]; then
  echo "The blobs_extension key did not appear: is the function code (with its Event Grid blob triggers) deployed?" >&2
  exit 1
fi
# The key is not needed here (the Bicep module reads it itself); its presence says the webhook is live.
unset key

echo "Subscribing ConvertToOnnx and ScoreBatch to $EVENT_GRID_SYSTEM_TOPIC_NAME..."
az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name blob-events \
  --template-file "$root/infra/modules/blob-events.bicep" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" systemTopicName="$EVENT_GRID_SYSTEM_TOPIC_NAME" \
  --output none
echo "Blob events subscribed."
