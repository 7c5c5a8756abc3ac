package effects

import "encoding/json"

// ShowNotification is the props of showNotification: a message for the
// customer.
type ShowNotification struct {
	Passthrough
	// NotificationType is the kind of notification; Talon.One documents
	// Info, Offer, Error and Misc.
	NotificationType string `json:"notificationType"`
	// Title is the notification's title.
	Title string `json:"title"`
	// Body is the notification's body.
	Body string `json:"body"`
}

// EffectType returns TypeShowNotification.
func (*ShowNotification) EffectType() Type { return TypeShowNotification }

// ShowBundleMetadata is the props of showBundleMetadata, deprecated by
// Talon.One: which cart items form a bundle.
type ShowBundleMetadata struct {
	Passthrough
	// Description describes the bundle.
	Description string `json:"description"`
	// BundleAttributes are the cart item attributes that grouped the items.
	BundleAttributes []string `json:"bundleAttributes"`
	// ItemsIndices are the indexes of the bundled items in cartItems.
	ItemsIndices []Index `json:"itemsIndices"`
}

// EffectType returns TypeShowBundleMetadata.
func (*ShowBundleMetadata) EffectType() Type { return TypeShowBundleMetadata }

// UpdateAttribute is the props of set (documented as updateAttribute): an
// attribute was given a new value.
type UpdateAttribute struct {
	Passthrough
	// Path is the entity and the attribute name, e.g.
	// "Session.Attributes.loyaltyTier".
	Path string `json:"path"`
	// Value is the new value, any JSON value, kept as read (nil is written
	// as null).
	Value json.RawMessage `json:"value"`
}

// EffectType returns TypeSet.
func (*UpdateAttribute) EffectType() Type { return TypeSet }

// TriggerWebhook is the props of callApi (documented as triggerWebhook): a
// webhook was triggered. It is informational.
type TriggerWebhook struct {
	Passthrough
	// WebhookID is the webhook's internal ID.
	WebhookID int64 `json:"webhookId"`
	// WebhookName is the webhook's name.
	WebhookName string `json:"webhookName"`
}

// EffectType returns TypeCallAPI.
func (*TriggerWebhook) EffectType() Type { return TypeCallAPI }

// CustomEffect is the props of customEffect: an effect defined by the
// Talon.One user. Its own name is Name; the wire type is always
// customEffect.
type CustomEffect struct {
	Passthrough
	// EffectID is the ID of the custom effect.
	EffectID int64 `json:"effectId"`
	// Name is the custom effect's name (its type).
	Name string `json:"name"`
	// CartItemPosition is the line the effect applies to (per-item custom
	// effects).
	CartItemPosition *Index `json:"cartItemPosition,omitempty"`
	// CartItemSubPosition is the unit within that line.
	CartItemSubPosition *Index `json:"cartItemSubPosition,omitempty"`
	// BundleIndex is the position of the bundle among the bundles of the
	// same definition.
	BundleIndex *Index `json:"bundleIndex,omitempty"`
	// BundleName is the name of the bundle definition.
	BundleName *string `json:"bundleName,omitempty"`
	// Payload is the custom effect's JSON payload, kept as read (nil is
	// written as null).
	Payload json.RawMessage `json:"payload"`
}

// EffectType returns TypeCustomEffect.
func (*CustomEffect) EffectType() Type { return TypeCustomEffect }

// ErrorEffect is the props of error: an error occurred during rule
// evaluation.
type ErrorEffect struct {
	Passthrough
	// Message is the error message.
	Message string `json:"message"`
}

// EffectType returns TypeError.
func (*ErrorEffect) EffectType() Type { return TypeError }

// AddToAudience is the props of addToAudience: the customer was added to an
// audience.
type AddToAudience struct {
	Passthrough
	// AudienceID is the audience's internal ID.
	AudienceID *int64 `json:"audienceId,omitempty"`
	// AudienceName is the audience's name.
	AudienceName *string `json:"audienceName,omitempty"`
	// ProfileIntegrationID is the customer's integration ID.
	ProfileIntegrationID *string `json:"profileIntegrationId,omitempty"`
	// ProfileID is the customer profile's internal ID.
	ProfileID *int64 `json:"profileId,omitempty"`
}

// EffectType returns TypeAddToAudience.
func (*AddToAudience) EffectType() Type { return TypeAddToAudience }

// RemoveFromAudience is the props of removeFromAudience: the customer was
// removed from an audience.
type RemoveFromAudience struct {
	Passthrough
	// AudienceID is the audience's internal ID.
	AudienceID *int64 `json:"audienceId,omitempty"`
	// AudienceName is the audience's name.
	AudienceName *string `json:"audienceName,omitempty"`
	// ProfileIntegrationID is the customer's integration ID.
	ProfileIntegrationID *string `json:"profileIntegrationId,omitempty"`
	// ProfileID is the customer profile's internal ID.
	ProfileID *int64 `json:"profileId,omitempty"`
}

// EffectType returns TypeRemoveFromAudience.
func (*RemoveFromAudience) EffectType() Type { return TypeRemoveFromAudience }
